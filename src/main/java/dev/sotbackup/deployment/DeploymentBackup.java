package dev.sotbackup.deployment;

import dev.sotbackup.files.TarSource;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.postgres.dump.DumpCounters;
import dev.sotbackup.redis.RedisComponent;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotDeployment;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.SnapshotScope;
import dev.sotbackup.store.FilesStore;
import dev.sotbackup.store.ObjectsStore;
import dev.sotbackup.store.PostgresStore;
import dev.sotbackup.store.RedisStore;
import dev.sotbackup.store.StoreSource;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code backup}: every store of a deployment into one snapshot, with a manifest saying what the deployment
 * is — profile, application version, changelog table and whether its rows were left out, Redis roles — so a
 * restore can warn about version differences and a verify can check every table.
 */
public final class DeploymentBackup {

    private DeploymentBackup() {
    }

    /**
     * What to take beyond the deployment's own stores, and how.
     *
     * @param catalog            base selection (tables, schemas; from flags); changelog / rebuildable exclusions
     *                           are added to it
     * @param excludeChangelog   leave the changelog table's rows out (the table stays)
     * @param excludeRebuildable leave the profile's rebuildable tables' rows out (search cache, sessions)
     * @param redisSelection     keys and databases; an empty database list means the deployment's own
     * @param directoryArchives  name → a directory as a tar archive, stored as if backed up from disk: a tar.gz made
     *                           by the manual recipe ({@link TarSource#file}), or tar streamed out of an application
     *                           pod ({@link ClusterDeployment.Opened#directories()})
     */
    public record Plan(CatalogOptions catalog, int jobs, boolean excludeChangelog, boolean excludeRebuildable,
                       RedisSelection redisSelection, Map<String, TarSource> directoryArchives, List<String> tags,
                       String hostname, String toolVersion) {
        public Plan {
            directoryArchives = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(directoryArchives));
            tags = List.copyOf(tags);
        }
    }

    /** The committed snapshot and what the backup found. */
    public record Outcome(SnapshotId id, Snapshot snapshot, AppVersion version, List<String> warnings) {
    }

    /**
     * Takes every store into one new snapshot. The databases' table data counts in one counter of
     * {@code reporter}'s: bytes dumped over all databases, against the dumped tables' size on disk (a database
     * not yet started counts with its size until its dumper has read the catalog).
     */
    public static Outcome backup(Repository repository, Deployment deployment, Plan plan, Reporter reporter)
            throws IOException, SQLException {
        // Facts are read before anything is written, so an unreachable database leaves the repository alone.
        List<DatabaseFacts> facts = new ArrayList<>();
        for (Deployment.Database database : deployment.databases()) {
            facts.add(DatabaseFacts.read(database.conninfo(), deployment.profile()));
        }
        AppVersion version = facts.isEmpty() ? AppVersion.UNKNOWN : facts.get(0).version();
        Reporter.Counter tableBytes = reporter.counter("table bytes");
        List<DumpCounters> counters = new ArrayList<>();
        for (DatabaseFacts database : facts) {
            tableBytes.addToTotal(database.sizeBytes());
            counters.add(new DumpCounters(tableBytes, database.sizeBytes()));
        }
        List<StoreSource> sources = sources(deployment, plan, facts, counters);

        try (BackupSession session = repository.startBackup(plan.hostname(), plan.jobs())) {
            List<Component> components = new ArrayList<>();
            for (StoreSource source : sources) {
                components.add(source.backup(session, reporter));
            }
            Snapshot manifest = Snapshot.of(Instant.now(), plan.toolVersion(), plan.tags(), components)
                    .withHostname(plan.hostname())
                    .withDeployment(describe(deployment, plan, version, facts))
                    .withScope(new SnapshotScope(sources.stream().map(StoreSource::scope).toList()));
            SnapshotId id = session.commit(manifest);
            return new Outcome(id, repository.loadSnapshot(id), version, session.warnings());
        }
    }

    /**
     * What to take, store by store, in the order they are taken: the databases (each with the plan's selection and
     * its own row exclusions), Redis, the directories on disk, the directories as tar archives, the bucket.
     */
    static List<StoreSource> sources(Deployment deployment, Plan plan, List<DatabaseFacts> facts,
                                     List<DumpCounters> counters) throws IOException {
        List<StoreSource> sources = new ArrayList<>();
        for (int i = 0; i < deployment.databases().size(); i++) {
            Deployment.Database database = deployment.databases().get(i);
            sources.add(new PostgresStore.Source(database.name(), database.conninfo(),
                    withExclusions(plan, facts.get(i)), plan.jobs(), counters.get(i),
                    BackupScope.databaseSelection(plan.catalog()), BackupScope.databaseOptions(plan)));
        }
        if (deployment.redis() != null) {
            RedisSelection asked = plan.redisSelection();
            sources.add(new RedisStore.Source(deployment.redis().tasks(), deployment.redis().name(),
                    new RedisSelection(redisDatabases(deployment, asked), asked.include(), asked.exclude()),
                    BackupScope.keySelection(asked), BackupScope.databaseChoice(asked)));
        }
        deployment.directories().forEach((name, root) -> sources.add(new FilesStore.DirectorySource(name, root,
                plan.jobs())));
        plan.directoryArchives().forEach((name, archive) -> sources.add(new FilesStore.ArchiveSource(name, archive)));
        if (deployment.bucket() != null) {
            sources.add(new ObjectsStore.Source(deployment.bucket(), plan.jobs()));
        }
        return sources;
    }

    /**
     * The Redis databases to back up: those asked for; for a deployment whose Redis roles are known, its task
     * database only — the cache is flushed after every restore, so storing it would only bring back stale
     * entries, and other databases of a shared server belong to someone else; for a Redis given without roles,
     * every non-empty database.
     */
    private static List<Integer> redisDatabases(Deployment deployment, RedisSelection selection) throws IOException {
        if (deployment.redis() == null || !selection.databases().isEmpty()) {
            return selection.databases();
        }
        Deployment.RedisStores redis = deployment.redis();
        if (redis.cacheDb() != Deployment.RedisStores.NO_CACHE) {
            return List.of(redis.tasksDb());
        }
        List<Integer> databases = new ArrayList<>(RedisComponent.keyspace(redis.tasks()).keySet());
        return databases.isEmpty() ? List.of(redis.tasksDb()) : databases;
    }

    private static CatalogOptions withExclusions(Plan plan, DatabaseFacts facts) {
        List<NamePattern> excluded = new ArrayList<>(plan.catalog().excludeTableData());
        if (plan.excludeChangelog()) {
            facts.changelogTable().ifPresent(table -> excluded.add(NamePattern.parse(table)));
        }
        if (plan.excludeRebuildable()) {
            facts.rebuildable().forEach(table -> excluded.add(NamePattern.parse(table)));
        }
        return plan.catalog().withExcludeTableData(excluded);
    }

    /** The manifest's {@code deployment} object. */
    static SnapshotDeployment describe(Deployment deployment, Plan plan, AppVersion version,
                                       List<DatabaseFacts> facts) {
        String changelogTable = facts.isEmpty() ? null : facts.get(0).changelogTable().orElse(null);
        List<String> rebuildable = plan.excludeRebuildable() && !facts.isEmpty() ? facts.get(0).rebuildable()
                : List.of();
        SnapshotDeployment.RedisRoles redis = deployment.redis() == null ? null
                : new SnapshotDeployment.RedisRoles(deployment.redis().tasksDb(), deployment.redis().cacheDb());
        return new SnapshotDeployment(deployment.name(), deployment.profile().configName(), version.recorded(),
                changelogTable, plan.excludeChangelog(), rebuildable, redis,
                deployment.databases().stream().map(Deployment.Database::name).toList());
    }
}
