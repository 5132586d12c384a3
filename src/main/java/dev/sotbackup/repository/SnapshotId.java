package dev.sotbackup.repository;

import dev.sotbackup.repository.crypto.StorageId;

/** A snapshot's name: the SHA-256 of its stored object {@code snapshots/<id>}. */
public record SnapshotId(StorageId id) {
    public static SnapshotId parse(String hex) {
        return new SnapshotId(StorageId.parse(hex));
    }

    /** The first 8 hex digits, as listings show it. */
    public String shortId() {
        return id.toString().substring(0, 8);
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
