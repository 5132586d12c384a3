package dev.sotbackup.repository;

import java.time.Instant;
import java.util.List;

/** A listing line of a snapshot: id, time, host and its components as "kind/name". */
public record SnapshotInfo(SnapshotId id, Instant time, String hostname, List<String> components) {
    public SnapshotInfo {
        components = List.copyOf(components);
    }

    static SnapshotInfo of(SnapshotId id, Snapshot snapshot) {
        return new SnapshotInfo(id, snapshot.time(), snapshot.hostname(),
                snapshot.components().stream().map(Component::label).toList());
    }
}
