package dev.sotbackup.repository.pack;

import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import java.util.ArrayList;
import java.util.List;

/** The plaintext of a pack header: 41-byte records {@code type ‖ storedLength ‖ plainLength ‖ blobId} (§5). */
final class PackHeader {
    static final int RECORD_BYTES = 1 + 4 + 4 + BlobId.LENGTH;
    /** Trailing uint32: the byte length of the encrypted header in front of it. */
    static final int LENGTH_FIELD_BYTES = 4;

    private PackHeader() {
    }

    static byte[] encode(List<PackedBlob> blobs) {
        byte[] out = new byte[blobs.size() * RECORD_BYTES];
        int pos = 0;
        for (PackedBlob blob : blobs) {
            out[pos] = (byte) blob.type().code();
            putUint32(out, pos + 1, blob.length());
            putUint32(out, pos + 5, blob.plainLength());
            blob.id().copyTo(out, pos + 9);
            pos += RECORD_BYTES;
        }
        return out;
    }

    /** Parses records, computing offsets as the running sum of stored lengths. */
    static List<PackedBlob> decode(byte[] plain, String packName) throws CorruptObjectException {
        if (plain.length % RECORD_BYTES != 0) {
            throw new CorruptObjectException("pack " + packName + ": header is " + plain.length
                    + " bytes, not a multiple of " + RECORD_BYTES);
        }
        List<PackedBlob> blobs = new ArrayList<>(plain.length / RECORD_BYTES);
        long offset = 0;
        for (int pos = 0; pos < plain.length; pos += RECORD_BYTES) {
            BlobType type = BlobType.fromCode(plain[pos] & 0xff);
            long stored = uint32(plain, pos + 1);
            long plainLength = uint32(plain, pos + 5);
            BlobId id = BlobId.of(plain, pos + 9);
            if (type == null || stored > Integer.MAX_VALUE || plainLength > Integer.MAX_VALUE) {
                throw new CorruptObjectException("pack " + packName + ": header record " + pos / RECORD_BYTES
                        + " (blob " + id + ") has type " + (plain[pos] & 0xff) + ", stored length " + stored
                        + ", plain length " + plainLength);
            }
            blobs.add(new PackedBlob(id, type, offset, (int) stored, (int) plainLength));
            offset += stored;
        }
        return blobs;
    }

    static void putUint32(byte[] dst, int off, long value) {
        dst[off] = (byte) value;
        dst[off + 1] = (byte) (value >>> 8);
        dst[off + 2] = (byte) (value >>> 16);
        dst[off + 3] = (byte) (value >>> 24);
    }

    static long uint32(byte[] src, int off) {
        return (src[off] & 0xffL) | (src[off + 1] & 0xffL) << 8 | (src[off + 2] & 0xffL) << 16
                | (src[off + 3] & 0xffL) << 24;
    }
}
