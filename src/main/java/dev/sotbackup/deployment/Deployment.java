package dev.sotbackup.deployment;

import dev.sotbackup.kubernetes.KubernetesSettings;
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
 * @param kubernetes  the stores that run in a Kubernetes cluster and are found there when a command reaches them
 *                    ({@link ClusterDeployment}), or null. Until then {@code databases}, {@code redis} and
 *                    {@code directories} hold only what flags gave; the cluster fills in the rest.
 */
public record Deployment(String name, Profile profile, List<Database> databases, RedisStores redis,
                         Map<String, Path> directories, BucketSource bucket, List<String> notes,
                         ClusterStores kubernetes) {

    public Deployment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        databases = List.copyOf(databases);
        directories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(directories));
        notes = List.copyOf(notes);
    }

    /** A deployment whose stores are all reachable from here (no cluster). */
    public Deployment(String name, Profile profile, List<Database> databases, RedisStores redis,
                      Map<String, Path> directories, BucketSource bucket, List<String> notes) {
        this(name, profile, databases, redis, directories, bucket, notes, null);
    }

    /**
     * The deployment file's {@code kubernetes:} section and what its other sections say about the stores in the
     * cluster: which databases, which Redis database is which, which directories of the application pod.
     *
     * @param settings    where to look and how (namespace, kubeconfig, context, flavour, release, database user)
     * @param databases   the databases to back up as listed, or empty: NetBox Enterprise's profile defaults
     *                    (netbox, diode, hydra; those without a PGO secret are left out), the chart's database
     * @param tasksDb     the Redis task database
     * @param cacheDb     the Redis cache database, or {@link RedisStores#NO_CACHE} when the roles are unknown
     * @param directories name → absolute path in the application pod, or empty: what discovery finds
     *                    (media, scripts, reports under /opt/netbox/netbox)
     */
    public record ClusterStores(KubernetesSettings settings, List<String> databases, int tasksDb, int cacheDb,
                                Map<String, String> directories) {
        public ClusterStores {
            Objects.requireNonNull(settings, "settings");
            databases = List.copyOf(databases);
            directories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(directories));
        }

        public ClusterStores withSettings(KubernetesSettings newSettings) {
            return new ClusterStores(newSettings, databases, tasksDb, cacheDb, directories);
        }
    }

    /** A database by the name snapshots record it under, and where it is. */
    public record Database(String name, ConnInfo conninfo) {
    }

    /**
     * Redis as the applications use it: tasks (RQ / Celery, also NetBox Enterprise's built-in object store)
     * and the Django cache. The cache may be a database of the same server or a server of its own
     * (netbox-docker runs {@code redis} and {@code redis-cache}).
     */
    public record RedisStores(RedisTarget tasks, int tasksDb, RedisTarget cache, int cacheDb, String name) {
        /** {@link #cacheDb} of a Redis whose roles are unknown (a plain {@code --redis}): nothing is a cache. */
        public static final int NO_CACHE = -1;

        /**
         * @param name what snapshots call the Redis component, or null: the task server's host:port. A Redis
         *             reached through a port-forward is named after its pod, not the forward's passing local port.
         */
        public RedisStores {
            Objects.requireNonNull(tasks, "tasks");
            cache = cache == null ? tasks : cache;
            name = name == null ? tasks.address() : name;
        }

        public RedisStores(RedisTarget tasks, int tasksDb, RedisTarget cache, int cacheDb) {
            this(tasks, tasksDb, cache, cacheDb, null);
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
        return new Deployment(name, profile, newDatabases, redis, directories, bucket, notes, kubernetes);
    }

    public Deployment withRedis(RedisStores newRedis) {
        return new Deployment(name, profile, databases, newRedis, directories, bucket, notes, kubernetes);
    }

    public Deployment withDirectories(Map<String, Path> newDirectories) {
        return new Deployment(name, profile, databases, redis, newDirectories, bucket, notes, kubernetes);
    }

    public Deployment withBucket(BucketSource newBucket) {
        return new Deployment(name, profile, databases, redis, directories, newBucket, notes, kubernetes);
    }

    public Deployment withNotes(List<String> newNotes) {
        return new Deployment(name, profile, databases, redis, directories, bucket, newNotes, kubernetes);
    }

    public Deployment withKubernetes(ClusterStores newKubernetes) {
        return new Deployment(name, profile, databases, redis, directories, bucket, notes, newKubernetes);
    }

    /** What this deployment consists of, one store a line, without secrets. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("deployment " + name + " (profile " + profile.configName() + ")");
        if (kubernetes != null) {
            KubernetesSettings settings = kubernetes.settings();
            lines.add("  kubernetes: " + settings.flavour().option() + " in namespace "
                    + (settings.namespace() != null ? settings.namespace() : "(from the cluster access)")
                    + (settings.release() != null ? ", release " + settings.release() : "")
                    + (settings.kubeconfig() != null ? ", kubeconfig " + settings.kubeconfig() : "")
                    + (settings.context() != null ? ", context " + settings.context() : ""));
        }
        for (Database database : databases) {
            lines.add("  postgres " + database.name() + ": " + database.conninfo().describe());
        }
        if (kubernetes != null && databases.isEmpty()) {
            lines.add("  postgres: the primary in the cluster, databases " + (kubernetes.databases().isEmpty()
                    ? "as found" : String.join(", ", kubernetes.databases())));
        }
        if (redis != null) {
            lines.add("  redis tasks: " + redis.tasks().address() + " db " + redis.tasksDb());
            if (redis.cacheDb() != RedisStores.NO_CACHE) {
                lines.add("  redis cache: " + redis.cache().address() + " db " + redis.cacheDb());
            }
        } else if (kubernetes != null) {
            lines.add("  redis: the master in the cluster, tasks db " + kubernetes.tasksDb()
                    + (kubernetes.cacheDb() != RedisStores.NO_CACHE ? ", cache db " + kubernetes.cacheDb() : ""));
        }
        directories.forEach((dirName, path) -> lines.add("  directory " + dirName + ": " + path));
        if (kubernetes != null) {
            if (kubernetes.directories().isEmpty()) {
                lines.add("  directories: those of the application pod, as found");
            }
            kubernetes.directories().forEach((dirName, path) -> lines.add("  directory " + dirName + ": " + path
                    + " in the application pod"));
        }
        if (bucket != null) {
            lines.add("  bucket: " + bucket.describe());
        }
        notes.forEach(note -> lines.add("  note: " + note));
        return lines;
    }
}
