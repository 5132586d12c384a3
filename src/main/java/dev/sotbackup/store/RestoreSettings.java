package dev.sotbackup.store;

import dev.sotbackup.objectstore.RestoreMode;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.restore.RestoreTarget;
import dev.sotbackup.redis.RedisRestoreOptions;
import java.util.Map;

/** How each kind of store is restored: what a restore plan says to the stores. */
public interface RestoreSettings {

    /** Restore engine options (jobs, --no-owner …). */
    RestoreOptions pgOptions();

    /** Databases in place, or through a scratch database swapped in at the end. */
    RestoreTarget databaseTarget();

    /** Connections or threads per store: the restore engine's -j. */
    default int jobs() {
        return pgOptions().jobs();
    }

    /** What to do with non-empty Redis databases. */
    RedisRestoreOptions.Existing redisExisting();

    /** Stored Redis database → target database; empty: as the Redis kind decides. */
    Map<Integer, Integer> redisDbMap();

    /** Restore into non-empty directories, overwriting files. */
    boolean overwriteFiles();

    /** Whether a bucket prefix that holds objects may be written. */
    RestoreMode bucketMode();
}
