package dev.sotbackup.cli;

import dev.sotbackup.cli.progress.ProgressBar;
import dev.sotbackup.deployment.AppVersion;
import dev.sotbackup.deployment.ClusterDeployment;
import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.DeploymentBackup;
import dev.sotbackup.files.TarSource;
import dev.sotbackup.kubernetes.KubernetesFailure;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnectionSlots;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.HostIdentity;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.SnapshotSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sot-backup backup}: one snapshot of a deployment ({@code -c FILE}) or of the stores given — PostgreSQL
 * databases, Redis, directory trees, a bucket — in the repository, each component stamped with its capture time.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Back up a PostgreSQL database, Redis, directories and a bucket into the repository as one "
                + "new snapshot; unchanged data is stored once.")
public final class BackupCommand extends RepositoryCommand {

    @Mixin
    DeploymentOptions deployment;

    @Option(names = "--postgres", paramLabel = "CONNINFO",
            description = "Database to back up: name, key=value conninfo or postgresql:// URI (PG* variables "
                    + "and ~/.pgpass apply).")
    String postgres;

    @Mixin
    JobsOption jobsOption;

    @Mixin
    DumpSelectionOptions selection;

    @Mixin
    StoreOptions stores;

    @Option(names = "--redis-db", paramLabel = "N",
            description = "Redis databases to back up (repeatable; default: every non-empty one).")
    List<Integer> redisDatabases = new ArrayList<>();

    @Option(names = "--dir-archive", paramLabel = "NAME=FILE",
            description = "A directory tree from a tar.gz made by the manual recipe (tar -czf media.tar.gz media/), "
                    + "stored as if backed up with --dir NAME=… (repeatable).")
    List<String> directoryArchives = new ArrayList<>();

    @Option(names = "--redis-key", paramLabel = "GLOB", description = "Back up only Redis keys matching (repeatable).")
    List<String> redisInclude = new ArrayList<>();

    @Option(names = "--redis-exclude-key", paramLabel = "GLOB", description = "Leave out Redis keys matching "
            + "(repeatable).")
    List<String> redisExclude = new ArrayList<>();

    @Option(names = "--exclude-changelog",
            description = "Leave the changelog table's rows out (NetBox core_objectchange / extras_objectchange, "
                    + "Nautobot extras_objectchange; the table itself stays). Needs a profile.")
    boolean excludeChangelog;

    @Option(names = "--exclude-rebuildable",
            description = "Leave out the rows the application rebuilds (search cache, sessions); restore then "
                    + "prints the reindex command.")
    boolean excludeRebuildable;

    @Option(names = "--compression-level", paramLabel = "1-19", defaultValue = "1",
            description = "zstd level of the data stored (default 1, fastest; 6 stores about 15 %% less at half "
                    + "the speed).")
    int compressionLevel;

    @Option(names = "--tag", paramLabel = "TAG[,TAG...]", split = ",",
            description = "Tag the snapshot (repeatable; commas separate tags, as restic's).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--host", paramLabel = "NAME", description = "Host name recorded in the snapshot "
            + "(default: this machine's).")
    String host;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws Exception {
        jobsOption.checked(spec);
        OptionChecks.inRange(spec, "--compression-level", compressionLevel, 1, 19);
        redisDatabases.forEach(db -> OptionChecks.notNegative(spec, "--redis-db", db));
        Map<String, Path> archiveFiles = StoreOptions.namedPaths(spec, "--dir-archive", directoryArchives);
        Environment environment = repository.environment();
        // The deployment is resolved before the repository is touched, so bad input leaves it untouched.
        Deployment configured = deployment.resolve(spec, environment, postgres, stores);
        if (DeploymentOptions.stores(configured).isEmpty() && archiveFiles.isEmpty()) {
            throw usage("nothing to back up: give -c FILE, or --postgres, "
                    + "--redis, --dir, --dir-archive or --s3-bucket");
        }
        if (excludeChangelog && configured.profile().changelogCandidates().isEmpty()) {
            throw usage("--exclude-changelog needs a profile that knows the "
                    + "changelog table (-c with profile netbox, netbox-enterprise or nautobot); "
                    + "use --exclude-table-data TABLE otherwise");
        }
        CatalogOptions catalog = selection.toCatalogOptions(false, false, false, false, selection.wholeDatabase());
        report.validate();
        ConsoleReporter reporter = report.reporter(Reporter.Level.NOTE,
                Reporter.Level.WARNING);
        // A deployment in Kubernetes is reached for the duration of the backup: port-forwards to PostgreSQL and
        // Redis, tar over exec for the directories. Closing it closes the forwards, whatever happened.
        try (ReportOptions.RunMetrics metrics = report.start("backup", Map.of("deployment", configured.name()));
             ClusterDeployment.Opened cluster = configured.kubernetes() == null ? null
                : ClusterDeployment.open(configured, environment.variables(), reporter)) {
            Deployment target = cluster == null ? configured : cluster.deployment();
            Map<String, TarSource> archives = new LinkedHashMap<>();
            if (cluster != null) {
                archives.putAll(cluster.directories());
            }
            archiveFiles.forEach((name, file) -> archives.put(name, TarSource.file(file)));
            if (report.verbose()) {
                (cluster == null ? target.describe() : cluster.describe()).forEach(reporter::info);
            } else {
                target.notes().forEach(reporter::note);
            }
            try {
                backup(target, catalog, archives, metrics, reporter);
            } catch (Exception e) {
                String forwardErrors = cluster == null ? "" : cluster.forwardErrors();
                if (forwardErrors.isEmpty()) {
                    throw e;
                }
                throw new KubernetesFailure(Errors.oneLine(e) + " (" + forwardErrors + ")", e);
            }
        }
        return SotBackup.EXIT_OK;
    }

    private void backup(Deployment target, CatalogOptions catalog, Map<String, TarSource> archives,
                        ReportOptions.RunMetrics metrics, ConsoleReporter reporter) throws Exception {
        String hostname = host != null ? host : localHostname();
        // Databases are dumped one after another, each with -j connections.
        int jobsWithin = report.jobsWithin(ConnectionSlots.limitEachInTurn(jobsOption.jobs,
                DeploymentOptions.conninfos(target)));
        DeploymentBackup.Plan plan = new DeploymentBackup.Plan(catalog, jobsWithin, excludeChangelog,
                excludeRebuildable,
                new RedisSelection(redisDatabases, redisInclude, redisExclude), archives, tags, hostname,
                Version.current());
        try (ProgressBar bar = report.progressBar("postgres", reporter);
             RepositoryOptions.OpenRepository opened = repository.open()) {
            Repository repo = opened.repository();
            repo.useCompressionLevel(compressionLevel);
            DeploymentBackup.Outcome outcome = DeploymentBackup.backup(repo, target, plan, reporter);
            bar.complete();
            SnapshotSummary summary = outcome.snapshot().summary();
            metrics.bytes(summary::bytesProcessed, summary::bytesAdded).succeeded();
            outcome.warnings().forEach(reporter::warning);
            print(outcome.id(), summary, outcome.version());
        }
    }

    private void print(SnapshotId id, SnapshotSummary summary, AppVersion version) {
        PrintWriter out = spec.commandLine().getOut();
        if (report.quiet()) {
            return;
        }
        if (report.json()) {
            JsonOutput.print(out, new BackupJson(id.toString(), id.shortId(), summary.bytesProcessed(),
                    summary.bytesAdded(), summary.blobsAdded(), summary.durationMs(),
                    version.describe().isEmpty() ? null : version.describe()));
            return;
        }
        out.println("processed " + Sizes.bytes(summary.bytesProcessed()) + ", added "
                + Sizes.bytes(summary.bytesAdded()) + " (stored) in " + summary.blobsAdded() + " new blobs, "
                + String.format(java.util.Locale.ROOT, "%.1f s", summary.durationMs() / 1000.0));
        out.println("snapshot " + id.shortId() + " saved" + (version.describe().isEmpty() ? ""
                : " (" + version.describe() + ")"));
    }

    /** The name snapshots record by default: $HOSTNAME, else the resolver's. */
    private String localHostname() {
        return HostIdentity.hostname(repository.environment().variable("HOSTNAME"));
    }

    /** The {@code --json} document; {@code application} only when the database told its version. */
    record BackupJson(String snapshotId, String shortId, long bytesProcessed, long bytesAdded, long blobsAdded,
                      long durationMs, String application) {
    }
}
