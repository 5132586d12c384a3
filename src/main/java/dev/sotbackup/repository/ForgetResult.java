package dev.sotbackup.repository;

import java.util.List;

/** The snapshots a policy keeps and removes (removed from the repository unless {@code dryRun}). */
public record ForgetResult(List<SnapshotInfo> keep, List<SnapshotInfo> remove, boolean dryRun) {
    public ForgetResult {
        keep = List.copyOf(keep);
        remove = List.copyOf(remove);
    }
}
