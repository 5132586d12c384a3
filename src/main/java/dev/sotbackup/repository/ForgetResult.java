package dev.sotbackup.repository;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a retention policy keeps and removes, group by group (removed from the repository unless
 * {@code dryRun}). Lists are oldest first.
 */
public record ForgetResult(List<Group> groups, boolean dryRun) {

    /** A kept snapshot and the rules that keep it ("last", "daily", …). */
    public record Kept(SnapshotInfo snapshot, List<String> reasons) {
        public Kept {
            reasons = List.copyOf(reasons);
        }
    }

    public record Group(GroupBy.SnapshotGroup group, List<Kept> keep, List<SnapshotInfo> remove) {
        public Group {
            keep = List.copyOf(keep);
            remove = List.copyOf(remove);
        }
    }

    public ForgetResult {
        groups = List.copyOf(groups);
    }

    /** Every kept snapshot, over all groups. */
    public List<SnapshotInfo> keep() {
        return sorted(groups.stream().flatMap(g -> g.keep().stream().map(Kept::snapshot)));
    }

    /** Every removed snapshot, over all groups. */
    public List<SnapshotInfo> remove() {
        return sorted(groups.stream().flatMap(g -> g.remove().stream()));
    }

    private static List<SnapshotInfo> sorted(Stream<SnapshotInfo> snapshots) {
        return snapshots.sorted(Comparator.comparing(SnapshotInfo::time).thenComparing(s -> s.id().toString()))
                .toList();
    }
}
