package dev.sotbackup.repository;

/** The {@code summary} of a snapshot (format §7), filled in by {@link BackupSession#commit}. */
public record SnapshotSummary(long bytesProcessed, long bytesAdded, long blobsAdded, long durationMs) {
    public static final SnapshotSummary EMPTY = new SnapshotSummary(0, 0, 0, 0);
}
