package dev.sotbackup.repository.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** A blob's id: HMAC-SHA256 of its plaintext under the master id key (format §5). Equal on content. */
public record BlobId(byte[] bytes) implements Comparable<BlobId> {
    public static final int LENGTH = Hex.ID_BYTES;

    public BlobId {
        Hex.checkLength(bytes, "blob id");
        bytes = bytes.clone();
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

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the 32 id bytes into {@code dst} without allocating. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Hex.hashCode(bytes);
    }

    @Override
    public int compareTo(BlobId o) {
        return Hex.compare(bytes, o.bytes);
    }

    @JsonValue
    @Override
    public String toString() {
        return Hex.format(bytes);
    }
}
