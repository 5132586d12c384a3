package dev.sotbackup.repository.pack;

import dev.sotbackup.repository.crypto.Aead;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.Envelope;
import dev.sotbackup.repository.crypto.MasterKey;
import dev.sotbackup.repository.crypto.StorageId;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads packs through a {@link RangeReader}: the header with one ranged read in the common case, and single
 * blobs by offset. Every blob read is verified end to end (GCM tag, zstd frame, length, HMAC id). Thread-safe.
 */
public final class PackReader {
    /** The speculative tail read: a header of up to ~390 blobs fits, so most packs need one request. */
    static final int TAIL_GUESS = 16 * 1024;

    private final MasterKey key;
    private final Envelope envelope;

    public PackReader(MasterKey key) {
        this.key = key;
        this.envelope = new Envelope(key);
    }

    /** The pack's blobs in stored order; checks that they and the header exactly fill the pack. */
    public List<PackedBlob> readHeader(StorageId packId, long packSize, RangeReader reader)
            throws IOException, CorruptObjectException {
        if (packSize < PackHeader.LENGTH_FIELD_BYTES) {
            throw new CorruptObjectException("pack " + packId + " is truncated: " + packSize + " bytes");
        }
        int tailLength = (int) Math.min(packSize, TAIL_GUESS);
        byte[] tail = readExactly(reader, packId, packSize - tailLength, tailLength);
        long headerLength = PackHeader.uint32(tail, tailLength - PackHeader.LENGTH_FIELD_BYTES);
        long blobBytes = packSize - PackHeader.LENGTH_FIELD_BYTES - headerLength;
        if (blobBytes < 0) {
            throw new CorruptObjectException("pack " + packId + " is truncated or corrupt: header length "
                    + headerLength + " does not fit in its " + packSize + " bytes");
        }
        byte[] header;
        if (headerLength + PackHeader.LENGTH_FIELD_BYTES <= tailLength) {
            int from = (int) (tailLength - PackHeader.LENGTH_FIELD_BYTES - headerLength);
            header = Arrays.copyOfRange(tail, from, tailLength - PackHeader.LENGTH_FIELD_BYTES);
        } else {
            header = readExactly(reader, packId, blobBytes, (int) headerLength);
        }
        byte[] plain;
        try {
            plain = envelope.decode(header);
        } catch (CorruptObjectException e) {
            throw new CorruptObjectException("pack " + packId + ": header does not decode (" + e.getMessage()
                    + "); the pack is truncated or corrupt", e);
        }
        List<PackedBlob> blobs = PackHeader.decode(plain, packId.toString());
        long listed = blobs.isEmpty() ? 0 : blobs.getLast().offset() + blobs.getLast().length();
        if (listed != blobBytes) {
            throw new CorruptObjectException("pack " + packId + ": header lists " + listed
                    + " bytes of blobs but the pack holds " + blobBytes);
        }
        return blobs;
    }

    /** What follows the blobs of a pack at the least: an encrypted header's nonce and tag, and its length. */
    public static final int MINIMUM_TRAILER_BYTES = Aead.OVERHEAD + PackHeader.LENGTH_FIELD_BYTES;

    /**
     * The size of a pack whose blobs end at {@code blobBytes}, with the header length its last 4 bytes state:
     * one 4-byte read (the header is compressed, so only the pack knows its length). Equals {@code packSize}
     * for an intact pack; needs {@code packSize >= blobBytes + MINIMUM_TRAILER_BYTES}.
     */
    public long expectedSize(StorageId packId, long packSize, long blobBytes, RangeReader reader)
            throws IOException, CorruptObjectException {
        byte[] field = readExactly(reader, packId, packSize - PackHeader.LENGTH_FIELD_BYTES,
                PackHeader.LENGTH_FIELD_BYTES);
        return blobBytes + PackHeader.uint32(field, 0) + PackHeader.LENGTH_FIELD_BYTES;
    }

    /** Reads and decodes one blob (one ranged read). */
    public byte[] readBlob(StorageId packId, PackedBlob blob, RangeReader reader)
            throws IOException, CorruptObjectException {
        return decodeBlob(packId, blob, readExactly(reader, packId, blob.offset(), blob.length()));
    }

    /** Decrypts, decompresses and checks that the plaintext hashes (HMAC) to the blob's id. */
    public byte[] decodeBlob(StorageId packId, PackedBlob blob, byte[] stored) throws CorruptObjectException {
        String where = blob.type().name().toLowerCase(java.util.Locale.ROOT) + " blob " + blob.id()
                + " in pack " + packId;
        if (stored.length != blob.length()) {
            throw new CorruptObjectException(where + ": " + stored.length + " stored bytes, expected "
                    + blob.length());
        }
        byte[] plain;
        try {
            plain = envelope.decode(stored, blob.plainLength());
        } catch (CorruptObjectException e) {
            throw new CorruptObjectException(where + " is corrupt: " + e.getMessage(), e);
        }
        BlobId actual = key.blobId(plain);
        if (!actual.equals(blob.id())) {
            throw new CorruptObjectException(where + " is corrupt: its plaintext hashes to " + actual);
        }
        return plain;
    }

    private static byte[] readExactly(RangeReader reader, StorageId packId, long offset, int length)
            throws IOException, CorruptObjectException {
        byte[] bytes = reader.read(offset, length);
        if (bytes.length != length) {
            throw new CorruptObjectException("pack " + packId + " is truncated: read " + bytes.length
                    + " bytes at offset " + offset + ", expected " + length);
        }
        return bytes;
    }
}
