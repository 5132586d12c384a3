package dev.sotbackup.repository.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The name of a stored object (pack, index, snapshot, lock, key): SHA-256 of its stored bytes (format §1). */
public final class StorageId extends HexId<StorageId> {

    public StorageId(byte[] bytes) {
        super(bytes, "storage id");
    }

    /** Documents hold ids as these 64 hex digits. */
    @JsonCreator
    public static StorageId parse(String hex) {
        return new StorageId(Hex.parseId(hex, "storage id"));
    }
}
