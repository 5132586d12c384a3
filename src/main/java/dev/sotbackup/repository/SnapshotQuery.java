package dev.sotbackup.repository;

/**
 * One snapshot as a command names it: {@code reference} is an id prefix (at least 4 hex digits) or
 * {@code latest}; {@code filter} restricts both; {@code preferredDeployment} (the deployment a command acts on,
 * or null) is what {@code latest} prefers among several deployments' snapshots. See {@link SnapshotResolver}.
 */
public record SnapshotQuery(String reference, SnapshotFilter filter, String preferredDeployment) {
    public static final String LATEST = "latest";

    public SnapshotQuery {
        filter = filter == null ? SnapshotFilter.NONE : filter;
    }

    /** The reference alone, without filters or preference. */
    public static SnapshotQuery of(String reference) {
        return new SnapshotQuery(reference, SnapshotFilter.NONE, null);
    }

    public boolean isLatest() {
        return LATEST.equals(reference);
    }
}
