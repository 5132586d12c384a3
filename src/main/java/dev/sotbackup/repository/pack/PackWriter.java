package dev.sotbackup.repository.pack;

import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.Envelope;
import dev.sotbackup.repository.crypto.StorageIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one pack in memory (format §5): encoded blobs back to back, then the encrypted header, then its
 * length as uint32. The caller adds blobs until {@link #isFull()} and then calls {@link #finish()} once.
 * Not thread-safe; encoding can be done by other threads and handed over with {@link #addEncoded}.
 */
public final class PackWriter {
    public static final long DEFAULT_TARGET_SIZE = 16L << 20;

    private final Envelope envelope;
    private final long targetSize;
    private final List<PackedBlob> blobs = new ArrayList<>();
    private byte[] buffer;
    private int size;
    private boolean finished;

    public PackWriter(Envelope envelope) {
        this(envelope, DEFAULT_TARGET_SIZE);
    }

    public PackWriter(Envelope envelope, long targetSize) {
        if (targetSize <= 0 || targetSize > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("pack target size out of range: " + targetSize);
        }
        this.envelope = envelope;
        this.targetSize = targetSize;
        this.buffer = new byte[(int) Math.min(targetSize + (targetSize >> 2), 1 << 20)];
    }

    /** Encodes (zstd, then AES-GCM) and appends a blob whose id the caller has computed. */
    public PackedBlob add(BlobType type, BlobId id, byte[] plaintext) {
        return addEncoded(type, id, envelope.encode(plaintext), plaintext.length);
    }

    /** Appends a blob already encoded with the repository's {@link Envelope}. */
    public PackedBlob addEncoded(BlobType type, BlobId id, byte[] stored, int plainLength) {
        if (finished) {
            throw new IllegalStateException("pack already finished");
        }
        PackedBlob blob = new PackedBlob(id, type, size, stored.length, plainLength);
        append(stored);
        blobs.add(blob);
        return blob;
    }

    /** True once the stored blobs reach the target size: the caller should finish this pack. */
    public boolean isFull() {
        return size >= targetSize;
    }

    public boolean isEmpty() {
        return blobs.isEmpty();
    }

    /** Bytes of encoded blobs so far (the header is not yet counted). */
    public long size() {
        return size;
    }

    public int blobCount() {
        return blobs.size();
    }

    /** Appends the header and its length; the result's id is the SHA-256 of the whole pack. */
    public FinishedPack finish() {
        if (finished) {
            throw new IllegalStateException("pack already finished");
        }
        finished = true;
        byte[] header = envelope.encode(PackHeader.encode(blobs));
        append(header);
        byte[] length = new byte[PackHeader.LENGTH_FIELD_BYTES];
        PackHeader.putUint32(length, 0, header.length);
        append(length);
        byte[] pack = Arrays.copyOf(buffer, size);
        buffer = null;
        return new FinishedPack(StorageIds.of(pack), pack, blobs);
    }

    private void append(byte[] bytes) {
        if (size + (long) bytes.length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("pack would exceed 2 GiB");
        }
        if (size + bytes.length > buffer.length) {
            long grown = Math.max((long) buffer.length * 2, (long) size + bytes.length);
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }
}
