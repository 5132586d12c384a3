package dev.sotbackup.cli;

import dev.sotbackup.cli.progress.ProgressBar;
import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.DeploymentRestore;
import dev.sotbackup.deployment.DeploymentTargets;
import dev.sotbackup.objectstore.RestoreMode;
import dev.sotbackup.postgres.connect.ConnectionSlots;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.restore.RestoreTarget;
import dev.sotbackup.redis.RedisRestoreOptions;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.LockedSnapshot;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.store.Stores;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sot-backup restore}: a snapshot into a deployment ({@code -c FILE}: every store replaced, the cache
 * flushed, version differences warned about first) or into the targets given store by store — the database as
 * {@code pg restore} does for archives, Redis, directory trees, the bucket.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Restore a snapshot into a deployment (-c FILE) or: the database into PostgreSQL (with --replace through a scratch database "
                + "swapped in only after success), Redis, directories and the bucket into the targets given.")
public final class RestoreCommand extends RepositoryCommand {

    @Mixin
    DeploymentOptions deployment;

    @Mixin
    ReportOptions report;

    @Mixin
    SnapshotArgument snapshot;

    @Option(names = "--postgres", paramLabel = "CONNINFO",
            description = "Database to restore into: name, key=value conninfo or postgresql:// URI.")
    String postgres;

    @Mixin
    JobsOption jobsOption;

    @Mixin
    SharedRestoreOptions shared;

    @Mixin
    StoreOptions stores;

    @Option(names = "--only", paramLabel = "KINDS", split = ",",
            description = "Restore only these components: postgres, redis, files, objects.")
    List<String> only = new ArrayList<>();

    @Option(names = "--redis-db-map", paramLabel = "FROM:TO[,...]", description = "Restore Redis db FROM into TO.")
    String redisDbMap;

    @Option(names = "--flush", description = "Redis: empty each target database first.")
    boolean flush;

    @Option(names = "--merge", description = "Redis: write into non-empty databases, keeping their other keys.")
    boolean merge;

    @Option(names = "--force", description = "Restore into non-empty directories, overwriting files; and restore a "
            + "snapshot of a newer application version over an older one (its migrations cannot run backwards).")
    boolean force;

    @Option(names = "--overwrite", description = "Bucket: restore into a prefix that already holds objects.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        int jobs = jobsOption.checked(spec);
        if (flush && merge) {
            throw usage("--flush and --merge cannot be used together");
        }
        for (String kind : only) {
            if (!DeploymentRestore.KINDS.contains(kind)) {
                throw usage("--only takes "
                        + String.join(", ", DeploymentRestore.KINDS) + "; got \"" + kind + "\"");
            }
        }
        if (!deployment.given()) {
            shared.checkDropPrevious(spec); // -c always replaces
        }
        Environment environment = repository.environment();
        Deployment target = deployment.resolveOutsideCluster(spec, environment, postgres, stores,
                "restore into a cluster", "restore store by store into port-forwards: --postgres, --redis, --dir "
                        + "without -c");
        if (redisDbMap != null && !deployment.given() && target.redis() != null && target.redis().tasks().db() >= 0) {
            throw usage("--redis-db-map and a database in the --redis URL"
                    + " both say where Redis goes; give one of them");
        }
        // From here on -j is what the target servers can take; databases are restored one after another.
        jobs = report.jobsWithin(ConnectionSlots.limitEachInTurn(jobs, DeploymentOptions.conninfos(target)));
        RestoreOptions options = shared.applyTo(RestoreOptions.builder().jobs(jobs)).verbose(report.verbose()).build();
        DeploymentRestore.Plan plan = plan(options);
        report.validate();
        PrintWriter out = out();
        ConsoleReporter reporter = report.reporter(plan.databaseTarget().replaces(),
                Reporter.Level.NOTE, Reporter.Level.WARNING);
        try (ReportOptions.RunMetrics metrics = report.start("restore", Map.of("deployment", target.name()));
             RepositoryOptions.OpenRepository opened = repository.open();
             LockedSnapshot locked = opened.repository().lockSnapshot(
                     snapshot.query(deployment.given() ? target.name() : null))) {
            Repository repo = opened.repository();
            SnapshotId id = locked.id();
            Snapshot loaded = locked.snapshot();
            checkTargets(loaded, target);
            DeploymentRestore.Preflight preflight = preflight(loaded, target, plan);
            DeploymentRestore.Outcome outcome;
            try (ProgressBar bar = report.progressBar("restore", reporter)) {
                outcome = DeploymentRestore.restore(repo, preflight, plan, reporter);
                bar.complete();
            } catch (DeploymentRestore.Incomplete e) {
                throw new IOException(Errors.oneLine(e.getCause())
                        + (e.aftermath().isEmpty() ? "" : "; " + e.aftermath()), e);
            }
            metrics.bytes(reporter::done, () -> -1).succeeded();
            print(out, id, outcome, target);
        }
        return SotBackup.EXIT_OK;
    }

    private void print(PrintWriter out, SnapshotId id, DeploymentRestore.Outcome outcome, Deployment target) {
        if (report.json()) {
            JsonOutput.print(out, new RestoreJson(id.toString(), outcome.restored(), outcome.redisKeysExpired(),
                    outcome.cacheKeysFlushed(), outcome.followUps()));
            return;
        }
        if (report.quiet()) {
            return;
        }
        outcome.restored().forEach(line -> out.println("restored " + line));
        if (outcome.cacheKeysFlushed() >= 0) {
            out.println("flushed the cache (Redis db " + target.redis().cacheDb() + ", "
                    + outcome.cacheKeysFlushed() + " keys)");
        }
        if (!outcome.followUps().isEmpty()) {
            out.println("next, in the application's environment:");
            outcome.followUps().forEach(command -> out.println("  " + command));
        }
    }

    /**
     * With {@code -c} a restore replaces the deployment's stores; store by store, it keeps the cautious defaults
     * (databases in place unless --replace, Redis refused when non-empty unless --flush/--merge, …).
     */
    private DeploymentRestore.Plan plan(RestoreOptions options) {
        Set<String> kinds = new LinkedHashSet<>(only);
        Map<Integer, Integer> dbMap = redisDbMap == null ? Map.of() : RedisRestoreOptions.parseDbMap(redisDbMap);
        // -c replaces the databases always; store by store only with --replace.
        RestoreTarget databases = RestoreTarget.of(deployment.given() || shared.replace, shared.dropPrevious, options);
        if (deployment.given()) {
            return new DeploymentRestore.Plan(kinds, options, databases,
                    merge ? RedisRestoreOptions.Existing.MERGE : RedisRestoreOptions.Existing.FLUSH, dbMap, true,
                    RestoreMode.OVERWRITE, force);
        }
        return new DeploymentRestore.Plan(kinds, options, databases,
                flush ? RedisRestoreOptions.Existing.FLUSH : merge ? RedisRestoreOptions.Existing.MERGE
                        : RedisRestoreOptions.Existing.REFUSE, dbMap, force,
                overwrite ? RestoreMode.OVERWRITE : RestoreMode.REQUIRE_EMPTY, force);
    }

    /**
     * {@link DeploymentRestore#preflight}; a snapshot none of whose stores has a target here is a failure, not a
     * success that restored nothing, and the message says which options would give them one.
     */
    private DeploymentRestore.Preflight preflight(Snapshot loaded, Deployment target, DeploymentRestore.Plan plan)
            throws IOException {
        try {
            return DeploymentRestore.preflight(loaded, target, plan);
        } catch (DeploymentRestore.NothingToRestore e) {
            if (e.held().isEmpty()) {
                throw new IOException("nothing restored: the snapshot holds " + (only.isEmpty() ? "no stores"
                        : "no " + String.join(", ", only) + " (it holds " + String.join(", ", loaded.components()
                        .stream().map(Stores::describe).toList()) + ")"), e);
            }
            Set<String> options = new LinkedHashSet<>();
            e.held().forEach(component -> options.add(Stores.targetOption(component)));
            String held = String.join(", ", e.held().stream().map(Stores::describe).toList());
            throw new IOException("nothing restored: the snapshot holds " + held + " — " + (deployment.given()
                    ? deployment.config + " has a place for none of them; add them to it, or give "
                    + String.join(", ", options) : "give " + String.join(", ", options) + " or -c FILE"), e);
        }
    }

    /**
     * A kind named by --only must have somewhere to go: leaving it out silently would be a lie. Checked before
     * anything is restored.
     */
    private void checkTargets(Snapshot loaded, Deployment target) {
        DeploymentTargets targets = new DeploymentTargets(target);
        for (Component component : loaded.components()) {
            if (!only.contains(component.kind())) {
                continue;
            }
            boolean lacking = Stores.of(component).map(kind -> !kind.hasTarget(component, targets)).orElse(false);
            if (lacking) {
                throw usage("--only includes " + component.label()
                        + " but no " + Stores.targetOption(component) + " target was given");
            }
        }
    }

    /** The {@code --json} document. */
    record RestoreJson(String snapshotId, List<String> restored, long redisKeysExpired, long cacheKeysFlushed,
                       List<String> followUpCommands) {
    }
}
