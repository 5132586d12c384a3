package dev.sotbackup.cli;

import dev.sotbackup.repository.SnapshotQuery;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * SNAPSHOT, the argument of {@code restore}, {@code export} and {@code verify}: an id prefix or latest, with the
 * snapshot filters that also decide which snapshot latest is.
 */
public final class SnapshotArgument {

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id (at least 4 hex digits) or latest.")
    String snapshot;

    @Mixin
    SnapshotFilterOptions filters;

    /**
     * The snapshot asked for.
     *
     * @param deployment the deployment the command acts on ({@code -c FILE}), which latest prefers; or null
     */
    SnapshotQuery query(String deployment) {
        return filters.query(snapshot, deployment);
    }
}
