package dev.sotbackup.repository;

/**
 * A snapshot resolved and loaded under a shared lock, taken before the index and the snapshot were read: a
 * prune cannot have removed, between the two, a pack the snapshot needs. Closing releases the lock.
 */
public record LockedSnapshot(SnapshotId id, Snapshot snapshot, RepositoryLock lock) implements AutoCloseable {
    @Override
    public void close() {
        lock.close();
    }
}
