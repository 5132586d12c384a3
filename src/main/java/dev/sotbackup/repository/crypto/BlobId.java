package dev.sotbackup.repository.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;

/** A blob's id: HMAC-SHA256 of its plaintext under the master id key (format §5). Equal on content. */
public final class BlobId extends HexId<BlobId> {
    public static final int LENGTH = Hex.ID_BYTES;

    public BlobId(byte[] bytes) {
        super(bytes, "blob id");
    }

    /** Reads 32 bytes at {@code off} (e.g. from a pack header record). */
    public static BlobId of(byte[] src, int off) {
        return new BlobId(Arrays.copyOfRange(src, off, off + LENGTH));
    }

    /** Documents hold ids as these 64 hex digits. */
    @JsonCreator
    public static BlobId parse(String hex) {
        return new BlobId(Hex.parseId(hex, "blob id"));
    }

    /** Copies the 32 id bytes into {@code dst} without allocating. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, LENGTH);
    }
}
