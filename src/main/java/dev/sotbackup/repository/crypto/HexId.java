package dev.sotbackup.repository.crypto;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * A 32-byte id written as 64 lower-case hex digits: what {@link BlobId} and {@link StorageId} share. Equal on
 * content and only to an id of the same kind, so a blob id never stands for the storage id with the same bytes.
 */
public abstract sealed class HexId<T extends HexId<T>> implements Comparable<T> permits BlobId, StorageId {

    final byte[] bytes;

    HexId(byte[] bytes, String what) {
        Hex.checkLength(bytes, what);
        this.bytes = bytes.clone();
    }

    public final byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((HexId<?>) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Hex.hashCode(bytes);
    }

    @Override
    public final int compareTo(T o) {
        return Hex.compare(bytes, o.bytes);
    }

    /** Documents hold ids as these 64 hex digits. */
    @JsonValue
    @Override
    public final String toString() {
        return Hex.format(bytes);
    }
}
