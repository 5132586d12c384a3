package dev.sotbackup.repository;

import java.time.Instant;
import java.util.List;

/**
 * A listing line of a snapshot: what {@code snapshots} shows, filters match, retention groups and {@code latest}
 * chooses by.
 *
 * @param deployment  the deployment's name as recorded, or "" (snapshots of stores given without one)
 * @param application "NetBox 4.2" as recorded, or ""
 * @param components  "kind/name" of each component, in the snapshot's order
 * @param size        plaintext bytes the backup processed
 */
public record SnapshotInfo(SnapshotId id, Instant time, String hostname, List<String> tags, String deployment,
                           String application, List<String> components, SnapshotScope scope, long size) {
    public SnapshotInfo {
        tags = List.copyOf(tags);
        components = List.copyOf(components);
    }

    static SnapshotInfo of(SnapshotId id, Snapshot snapshot) {
        return new SnapshotInfo(id, snapshot.time(), snapshot.hostname(), snapshot.tags(),
                snapshot.deploymentName(), snapshot.application(),
                snapshot.components().stream().map(Component::label).toList(), snapshot.scope(),
                snapshot.summary().bytesProcessed());
    }

    /** Whose snapshot it is: the deployment's name, or the host for a snapshot without one. */
    public String owner() {
        return deployment.isEmpty() ? hostname : deployment;
    }

    /** "deployment netbox-prod" or "host backup-1", for messages. */
    String describeOwner() {
        return deployment.isEmpty() ? "host " + hostname : "deployment " + deployment;
    }
}
