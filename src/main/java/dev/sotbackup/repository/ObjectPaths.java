package dev.sotbackup.repository;

import dev.sotbackup.repository.crypto.StorageId;

/** Object names of format §1. */
final class ObjectPaths {
    static final String CONFIG = "config";
    static final String KEYS = "keys/";
    static final String DATA = "data/";
    static final String INDEX = "index/";
    static final String SNAPSHOTS = "snapshots/";
    static final String LOCKS = "locks/";

    private ObjectPaths() {
    }

    static String pack(StorageId id) {
        String hex = id.toString();
        return DATA + hex.substring(0, 2) + "/" + hex;
    }

    static String index(StorageId id) {
        return INDEX + id;
    }

    static String snapshot(StorageId id) {
        return SNAPSHOTS + id;
    }

    static String lock(StorageId id) {
        return LOCKS + id;
    }

    static String key(StorageId id) {
        return KEYS + id;
    }

    /** The id at the end of a name such as {@code data/ab/<id>}, or null when the last segment is not one. */
    static StorageId idOf(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        try {
            return StorageId.parse(last);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
