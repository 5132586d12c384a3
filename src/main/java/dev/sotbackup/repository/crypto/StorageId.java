package dev.sotbackup.repository.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The name of a stored object (pack, index, snapshot, lock, key): SHA-256 of its stored bytes (format §1). */
public record StorageId(byte[] bytes) implements Comparable<StorageId> {
    public StorageId {
        Hex.checkLength(bytes, "storage id");
        bytes = bytes.clone();
    }

    /** Documents hold ids as these 64 hex digits. */
    @JsonCreator
    public static StorageId parse(String hex) {
        return new StorageId(Hex.parseId(hex, "storage id"));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Hex.hashCode(bytes);
    }

    @Override
    public int compareTo(StorageId o) {
        return Hex.compare(bytes, o.bytes);
    }

    @JsonValue
    @Override
    public String toString() {
        return Hex.format(bytes);
    }
}
