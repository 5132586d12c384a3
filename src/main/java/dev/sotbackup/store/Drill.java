package dev.sotbackup.store;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.SnapshotId;

/**
 * A restore drill of one snapshot: where its stores may be restored without harm, and how.
 *
 * @param snapshot names the scratch databases
 */
public record Drill(Repository repository, SnapshotId snapshot, Settings settings, Reporter reporter) {

    /** Where a drill restores, and how. */
    public interface Settings {
        /** A server to restore databases into; its database is only used to create and drop scratch ones. */
        ConnInfo scratch();

        /** A Redis server whose snapshot databases are empty, or null to only read Redis back. */
        RedisTarget scratchRedis();

        int jobs();

        /** Leave the scratch databases for inspection. */
        boolean keep();
    }
}
