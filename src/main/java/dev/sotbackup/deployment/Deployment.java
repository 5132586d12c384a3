package dev.sotbackup.deployment;

import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.redis.RedisTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One deployment's stores, resolved: the databases, Redis, directories and bucket that together are the state
 * of a NetBox, NetBox Enterprise or Nautobot instance. Built by {@link DeploymentConfig} from a YAML file, env
 * files and flags; every command that acts on "the deployment" takes one. Never holds a secret in its
 * {@link #describe()} output.
 *
 * @param name        label for manifests and metrics (the YAML's {@code name}, else the file's base name)
 * @param databases   in backup order; the first is the application's own
 * @param redis       the task and cache databases, or null when the deployment has no Redis
 * @param directories name → directory, e.g. media → /opt/netbox/netbox/media
 * @param bucket      the S3-compatible bucket holding uploads, or null
 * @param notes       what resolution assumed or skipped, for the operator to read (never secrets)
 */
public record Deployment(String name, Profile profile, List<Database> databases, RedisStores redis,
                         Map<String, Path> directories, BucketSource bucket, List<String> notes) {

    public Deployment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        databases = List.copyOf(databases);
        directories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(directories));
        notes = List.copyOf(notes);
    }

    /** A database by the name snapshots record it under, and where it is. */
    public record Database(String name, ConnInfo conninfo) {
    }

    /**
     * Redis as the applications use it: tasks (RQ / Celery, also NetBox Enterprise's built-in object store)
     * and the Django cache. The cache may be a database of the same server or a server of its own
     * (netbox-docker runs {@code redis} and {@code redis-cache}).
     */
    public record RedisStores(RedisTarget tasks, int tasksDb, RedisTarget cache, int cacheDb) {
        /** {@link #cacheDb} of a Redis whose roles are unknown (a plain {@code --redis}): nothing is a cache. */
        public static final int NO_CACHE = -1;

        public RedisStores {
            Objects.requireNonNull(tasks, "tasks");
            cache = cache == null ? tasks : cache;
        }

        /** A Redis server given without roles: every database is data, none is flushed. */
        public static RedisStores withoutRoles(RedisTarget server) {
            return new RedisStores(server, 0, server, NO_CACHE);
        }

        /** Whether a cache database is known and is not also where the tasks are. */
        public boolean hasSeparateCache() {
            return cacheDb != NO_CACHE && !(cacheOnTaskServer() && cacheDb == tasksDb);
        }

        /** Whether the cache shares the task server, so backing up that server must leave its db out. */
        public boolean cacheOnTaskServer() {
            return cache.host().equals(tasks.host()) && cache.port() == tasks.port();
        }
    }

    /** The database of this deployment that holds a snapshot's database {@code archivedName}. */
    public Database databaseFor(String archivedName, int indexInSnapshot) {
        for (Database database : databases) {
            if (database.name().equals(archivedName)) {
                return database;
            }
        }
        // Another deployment may call its one database differently (netbox vs netbox_dev).
        if (databases.size() == 1 && indexInSnapshot == 0) {
            return databases.get(0);
        }
        return null;
    }

    public Deployment withDatabases(List<Database> newDatabases) {
        return new Deployment(name, profile, newDatabases, redis, directories, bucket, notes);
    }

    public Deployment withRedis(RedisStores newRedis) {
        return new Deployment(name, profile, databases, newRedis, directories, bucket, notes);
    }

    public Deployment withDirectories(Map<String, Path> newDirectories) {
        return new Deployment(name, profile, databases, redis, newDirectories, bucket, notes);
    }

    public Deployment withBucket(BucketSource newBucket) {
        return new Deployment(name, profile, databases, redis, directories, newBucket, notes);
    }

    /** What this deployment consists of, one store a line, without secrets. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("deployment " + name + " (profile " + profile.configName() + ")");
        for (Database database : databases) {
            lines.add("  postgres " + database.name() + ": " + database.conninfo().describe());
        }
        if (redis != null) {
            lines.add("  redis tasks: " + redis.tasks().address() + " db " + redis.tasksDb());
            if (redis.cacheDb() != RedisStores.NO_CACHE) {
                lines.add("  redis cache: " + redis.cache().address() + " db " + redis.cacheDb());
            }
        }
        directories.forEach((dirName, path) -> lines.add("  directory " + dirName + ": " + path));
        if (bucket != null) {
            lines.add("  bucket: " + bucket.describe());
        }
        notes.forEach(note -> lines.add("  note: " + note));
        return lines;
    }
}
