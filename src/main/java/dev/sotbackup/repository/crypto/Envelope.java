package dev.sotbackup.repository.crypto;

/**
 * The encoding of every encrypted object (format §2): {@code seal(zstd(plaintext))}. Used for config, index,
 * snapshot, lock, each blob and each pack header. Thread-safe.
 */
public final class Envelope {
    private final Aead aead;
    private final int level;

    public Envelope(MasterKey key) {
        this(key.aead(), Compression.DEFAULT_LEVEL);
    }

    public Envelope(Aead aead, int level) {
        this.aead = aead;
        this.level = level;
    }

    public byte[] encode(byte[] plaintext) {
        return encode(plaintext, 0, plaintext.length);
    }

    public byte[] encode(byte[] plaintext, int off, int len) {
        return aead.seal(Compression.compress(plaintext, off, len, level));
    }

    /** Decodes an object whose plaintext length is not known in advance (JSON documents). */
    public byte[] decode(byte[] stored) throws CorruptObjectException {
        return Compression.decompress(aead.open(stored));
    }

    /** Decodes a blob whose plaintext length is recorded (pack header, index). */
    public byte[] decode(byte[] stored, int plainLength) throws CorruptObjectException {
        return Compression.decompress(aead.open(stored), plainLength);
    }
}
