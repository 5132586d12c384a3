package dev.sotbackup.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sotbackup.files.FilesComponent;
import dev.sotbackup.objectstore.BucketComponent;
import dev.sotbackup.objectstore.RestoreMode;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.postgres.repo.StoredArchive;
import dev.sotbackup.postgres.restore.PgRestore;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.redis.CacheInvalidation;
import dev.sotbackup.redis.RedisComponent;
import dev.sotbackup.redis.RedisRestoreOptions;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code restore -c}: a snapshot into a deployment — the same one after a disaster, or another. Databases go
 * through the safe swap (the target keeps its old contents until the new ones are complete), Redis task
 * databases are replaced, the cache database is flushed last, directories and the bucket are written over.
 * Before anything is touched, the snapshot's application version is compared with the target's.
 */
public final class DeploymentRestore {

    /** Component kinds as {@code --only} names them. */
    public static final List<String> KINDS = List.of(PostgresComponent.KIND, RedisComponent.KIND,
            FilesComponent.KIND, BucketComponent.KIND);

    private DeploymentRestore() {
    }

    /**
     * How to restore. {@link Plan#forDeployment} is what restoring a deployment means — every store replaced;
     * the store-by-store {@code restore} command builds a more cautious plan from its flags.
     *
     * @param only            kinds to restore (empty = all)
     * @param pgOptions       restore engine options (jobs, --no-owner …)
     * @param replaceDatabase restore through a scratch database swapped in at the end (else into the target)
     * @param dropPrevious    drop the target database's previous contents after the swap instead of keeping them
     * @param redisExisting   what to do with non-empty Redis databases
     * @param redisDbMap      snapshot db → target db; empty = the task database follows the target's
     * @param overwriteFiles  restore into non-empty directories, overwriting files
     * @param bucketMode      whether a bucket prefix that holds objects may be written
     */
    public record Plan(Set<String> only, RestoreOptions pgOptions, boolean replaceDatabase, boolean dropPrevious,
                       int jobs, RedisRestoreOptions.Existing redisExisting, Map<Integer, Integer> redisDbMap,
                       boolean overwriteFiles, RestoreMode bucketMode) {
        public Plan {
            only = Set.copyOf(only);
            redisDbMap = Map.copyOf(redisDbMap);
        }

        /** Restoring a deployment: databases swapped in safely, Redis databases replaced, files overwritten. */
        public static Plan forDeployment(RestoreOptions pgOptions) {
            return new Plan(Set.of(), pgOptions, true, false, pgOptions.jobs(), RedisRestoreOptions.Existing.FLUSH,
                    Map.of(), true, RestoreMode.OVERWRITE);
        }

        boolean wants(String kind) {
            return only.isEmpty() || only.contains(kind);
        }
    }

    /**
     * What the target is before the restore.
     *
     * @param snapshotVersion the application version the snapshot recorded
     * @param targetVersion   the target database's current version (UNKNOWN when empty or absent)
     * @param warnings        lines to show before anything is touched
     */
    public record Preflight(AppVersion snapshotVersion, AppVersion targetVersion, List<String> warnings) {
        public boolean versionChanged() {
            return targetVersion.application() != Profile.Application.NONE
                    && snapshotVersion.differsFrom(targetVersion);
        }
    }

    /**
     * One line per restored store, the keys flushed from the cache (-1 when the cache was not flushed), and what
     * the application needs next.
     */
    public record Outcome(List<String> restored, long cacheKeysFlushed, List<String> followUps) {
    }

    /** Reads the target's version and compares it with the snapshot's; touches nothing. */
    public static Preflight preflight(Snapshot snapshot, Deployment target) {
        JsonNode recorded = snapshot.deployment() == null ? null : snapshot.deployment().get("application");
        AppVersion snapshotVersion = AppVersion.fromJson(recorded);
        AppVersion targetVersion = AppVersion.UNKNOWN;
        List<String> warnings = new ArrayList<>();
        if (!target.databases().isEmpty()) {
            try {
                targetVersion = DatabaseFacts.read(target.databases().get(0).conninfo(), target.profile()).version();
            } catch (SQLException | RuntimeException e) {
                // An absent target database is normal for a fresh deployment: nothing to compare with.
                targetVersion = AppVersion.UNKNOWN;
            }
        }
        Preflight preflight = new Preflight(snapshotVersion, targetVersion, warnings);
        if (preflight.versionChanged()) {
            warnings.add("the snapshot holds " + label(snapshotVersion) + " but the target database is at "
                    + label(targetVersion) + "; after the restore the application must match the snapshot's "
                    + "version, then migrate (commands below)");
        }
        return preflight;
    }

    public static Outcome restore(Repository repository, Snapshot snapshot, Deployment target, Plan plan,
                                  Preflight preflight, Consumer<String> progress) throws IOException {
        return restore(repository, snapshot, target, plan, preflight, engine -> { }, progress);
    }

    /** As above; {@code onEngine} is given each database's restore engine before it starts, for its counters. */
    public static Outcome restore(Repository repository, Snapshot snapshot, Deployment target, Plan plan,
                                  Preflight preflight, Consumer<RestoreEngine> onEngine, Consumer<String> progress)
            throws IOException {
        List<String> restored = new ArrayList<>();
        int databaseIndex = 0;
        for (Component component : snapshot.components()) {
            if (!plan.wants(component.kind())) {
                continue;
            }
            switch (component.kind()) {
                case PostgresComponent.KIND -> {
                    Deployment.Database database = target.databaseFor(component.name(), databaseIndex++);
                    if (database == null) {
                        progress.accept("note: database " + component.name() + " has no counterpart in "
                                + target.name() + "; not restored");
                        continue;
                    }
                    try (StoredArchive archive = PostgresComponent.open(repository, component)) {
                        RestoreEngine engine = new RestoreEngine(archive::dataSize);
                        onEngine.accept(engine);
                        PgRestore.restore(archive, engine, database.conninfo(),
                                plan.pgOptions(), plan.replaceDatabase(), plan.dropPrevious(), progress);
                    }
                    restored.add(component.label() + " into " + database.conninfo().describe());
                }
                case RedisComponent.KIND -> {
                    if (target.redis() == null) {
                        progress.accept("note: the snapshot holds Redis but " + target.name() + " has none; "
                                + "not restored");
                        continue;
                    }
                    var result = RedisComponent.restore(repository, component, target.redis().tasks(),
                            new RedisRestoreOptions(plan.redisDbMap().isEmpty() ? redisDbMap(snapshot, target)
                                    : plan.redisDbMap(), plan.redisExisting()), progress);
                    restored.add(component.label() + " into " + target.redis().tasks().address() + " (" + result.keys()
                            + " keys)");
                }
                case FilesComponent.KIND -> {
                    Path path = target.directories().get(component.name());
                    if (path == null) {
                        progress.accept("note: directory " + component.name() + " has no counterpart in "
                                + target.name() + "; not restored");
                        continue;
                    }
                    var result = FilesComponent.restore(repository, component, path, plan.overwriteFiles(),
                            progress);
                    restored.add(component.label() + " into " + path + " (" + result.files()
                            + " files)");
                }
                case BucketComponent.KIND -> {
                    if (target.bucket() == null) {
                        progress.accept("note: the snapshot holds a bucket but " + target.name() + " has none; "
                                + "not restored");
                        continue;
                    }
                    var result = BucketComponent.restore(repository, component, target.bucket(),
                            plan.bucketMode(), plan.jobs(), progress);
                    restored.add(component.label() + " into " + target.bucket().describe() + " (" + result.objects()
                            + " objects)");
                }
                default -> progress.accept("warning: " + component.label()
                        + " is of a kind this version cannot restore; skipped");
            }
        }
        long flushed = flushCache(target, plan);
        boolean searchCacheLeftOut = snapshot.deployment() != null
                && snapshot.deployment().path("rebuildable_rows_excluded").size() > 0;
        List<String> followUps = plan.wants(PostgresComponent.KIND)
                ? target.profile().followUpCommands(preflight.versionChanged(), searchCacheLeftOut) : List.of();
        return new Outcome(restored, flushed, followUps);
    }

    /**
     * After a database restore the cache describes the old database (NetBox caches its configuration with no
     * expiry): empty exactly the cache database — never the task queue's.
     */
    static long flushCache(Deployment target, Plan plan) throws IOException {
        if (target.redis() == null || !(plan.wants(PostgresComponent.KIND) || plan.wants(RedisComponent.KIND))) {
            return -1;
        }
        Deployment.RedisStores redis = target.redis();
        if (!redis.hasSeparateCache()) {
            return -1;
        }
        return CacheInvalidation.flush(redis.cache(), redis.cacheDb());
    }

    /** The snapshot's task database goes to the target's task database; other databases keep their numbers. */
    private static Map<Integer, Integer> redisDbMap(Snapshot snapshot, Deployment target) {
        Map<Integer, Integer> map = new HashMap<>();
        JsonNode recorded = snapshot.deployment() == null ? null : snapshot.deployment().path("redis");
        if (recorded != null && recorded.has("tasks_db")) {
            int from = recorded.get("tasks_db").asInt();
            if (from != target.redis().tasksDb()) {
                map.put(from, target.redis().tasksDb());
            }
        }
        return map;
    }

    private static String label(AppVersion version) {
        return version.describe().isEmpty() ? "an unknown version" : version.describe()
                + " (migrations " + version.heads() + ")";
    }
}
