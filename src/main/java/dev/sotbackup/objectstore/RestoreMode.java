package dev.sotbackup.objectstore;

/** What a restore does when the target bucket or prefix already holds objects. */
public enum RestoreMode {
    /** Refuse before writing anything: restoring over live uploads is rarely what an operator meant. */
    REQUIRE_EMPTY,
    /** Write every stored object, replacing same-named ones; objects not in the snapshot are left alone. */
    OVERWRITE
}
