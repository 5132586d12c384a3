package dev.sotbackup.repository;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manifest's {@code deployment} object (format §7): what a snapshot of a whole deployment is of, so that a
 * restore can compare application versions and place Redis databases, and a verify can name what it checked.
 *
 * @param profile                 the profile's configuration name ("netbox", "nautobot", "generic", …)
 * @param application             the application version its database showed, or null
 * @param changelogTable          the changelog table the database has, or null
 * @param changelogRowsExcluded   whether the changelog's rows were left out
 * @param rebuildableRowsExcluded the rebuildable tables whose rows were left out
 * @param redis                   the Redis roles, or null when the deployment has no Redis
 * @param databases               the databases' names, in backup order
 */
public record SnapshotDeployment(String name, String profile, Application application, String changelogTable,
                                 boolean changelogRowsExcluded, List<String> rebuildableRowsExcluded,
                                 RedisRoles redis, List<String> databases) {

    public SnapshotDeployment {
        name = name == null ? "" : name;
        rebuildableRowsExcluded = rebuildableRowsExcluded == null ? List.of() : List.copyOf(rebuildableRowsExcluded);
        databases = databases == null ? List.of() : List.copyOf(databases);
    }

    /**
     * An application version as its migrations identify it.
     *
     * @param name       "NetBox", "Nautobot", or "" when none was recognised
     * @param release    "4.2", "≥4.7", …, or ""
     * @param migrations Django app → its highest applied migration, sorted by app
     */
    public record Application(String name, String release, Map<String, Integer> migrations) {
        public Application {
            name = name == null ? "" : name;
            release = release == null ? "" : release;
            migrations = Collections.unmodifiableMap(new TreeMap<>(migrations == null ? Map.of() : migrations));
        }
    }

    /**
     * Which Redis database is which.
     *
     * @param cacheDb the cache database, or -1 when the roles were unknown (every database was data)
     */
    public record RedisRoles(Integer tasksDb, Integer cacheDb) {
        /** {@link #cacheDb} of a Redis whose roles were unknown. */
        public static final int NO_CACHE = -1;

        /** Whether the snapshot knew which database holds the tasks and which the cache. */
        public boolean known() {
            return tasksDb != null && cacheDb != null && cacheDb != NO_CACHE;
        }
    }
}
