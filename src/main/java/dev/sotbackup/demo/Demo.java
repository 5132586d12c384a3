package dev.sotbackup.demo;

import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.DeploymentBackup;
import dev.sotbackup.deployment.DeploymentConfig;
import dev.sotbackup.deployment.DeploymentConfigException;
import dev.sotbackup.deployment.DeploymentRestore;
import dev.sotbackup.deployment.RestoreDrill;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.CheckReport;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.backend.BackendOptions;
import dev.sotbackup.repository.backend.Backends;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code sot-backup demo}: the whole tool on one machine with nothing installed. Starts PostgreSQL, Redis and an
 * S3 server in-process, builds a NetBox-shaped deployment A (database, task and cache keys, media files, bucket),
 * backs it up into an encrypted repository in the S3 server, restores the snapshot into a second deployment B,
 * compares B with A, runs the restore drill on the snapshot and checks the repository — printing each step and
 * how long it took. The servers are stopped
 * and the temporary files removed however the run ends.
 */
public final class Demo {

    /** Default size of the generated database (COPY text): a few seconds per step. */
    public static final long DEFAULT_DATABASE_BYTES = 8L << 20;

    /**
     * @param databaseBytes how much row data the generated database holds (about 90 % changelog)
     * @param keep          a new or empty directory to keep the deployment files, media directories and a copy
     *                      of the repository (with its password) in; null to remove everything
     * @param toolVersion   recorded in the snapshot
     * @param reporter      told the components' progress; null for {@link Reporter#silent()}
     */
    public record Options(long databaseBytes, Path keep, String toolVersion, Reporter reporter) {
        public Options {
            if (databaseBytes < 0) {
                throw new IllegalArgumentException("the database size must not be negative");
            }
            reporter = reporter == null ? Reporter.silent() : reporter;
        }
    }

    /** One step as printed: its name, what it did (or why it failed), how long it took. */
    public record Step(String name, String what, Duration took, boolean ok) {
    }

    /**
     * What the demo did.
     *
     * @param failure    "step: message" of the step that failed, or null when the demo passed
     * @param comparison deployment B against A (null when the demo did not get that far)
     * @param kept       where the files were kept, or null
     */
    public record Result(boolean passed, List<Step> steps, Duration took, String snapshotId,
                         DeploymentComparison.Comparison comparison, String deploymentFile, Path kept,
                         String failure) {
        public Result {
            steps = List.copyOf(steps);
        }
    }

    private static final String TABLE_FORMAT = "  %-9s %7s  %s%n";

    private final PrintWriter out;
    private final Options options;
    private final List<Step> steps = new ArrayList<>();
    private final int jobs = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private EmbeddedServers servers;
    private SampleDeployment sample;
    private Deployment deploymentA;
    private Deployment deploymentB;
    private String deploymentFile;
    private Backend backend;
    private Repository repository;
    private char[] password;
    private Snapshot snapshot;
    private SnapshotId snapshotId;
    private DeploymentComparison.Comparison comparison;

    private Demo(PrintWriter out, Options options) {
        this.out = out;
        this.options = options;
    }

    /** Runs the demo, printing a line per step to {@code out}; never throws for a failed step. */
    public static Result run(PrintWriter out, Options options) {
        return new Demo(out, options).run();
    }

    private interface Action {
        String run() throws Exception;
    }

    /** Thrown by a step whose result is wrong (rather than one that could not run). */
    private static final class DemoFailure extends Exception {
        DemoFailure(String message) {
            super(message);
        }
    }

    private Result run() {
        long start = System.nanoTime();
        out.println("sot-backup demo: a NetBox-shaped deployment on embedded PostgreSQL, Redis and S3 is backed up");
        out.println("into an encrypted repository, restored into a second deployment and compared with the first.");
        out.println();
        out.printf(Locale.ROOT, TABLE_FORMAT, "step", "time", "what");
        out.flush();
        String failure = null;
        try {
            checkKeepDirectory();
            failure = step("servers", this::startServers);
            failure = failure != null ? failure : step("generate", this::generate);
            failure = failure != null ? failure : step("describe", this::describe);
            failure = failure != null ? failure : step("init", this::init);
            failure = failure != null ? failure : step("backup", this::backup);
            failure = failure != null ? failure : step("restore", this::restore);
            failure = failure != null ? failure : step("compare", this::compare);
            failure = failure != null ? failure : step("verify", this::verify);
            failure = failure != null ? failure : step("check", this::check);
            if (failure == null && options.keep() != null) {
                failure = step("keep", this::keep);
            }
        } catch (DemoFailure e) {
            failure = "start: " + e.getMessage();
        } finally {
            closeRepository();
            if (servers != null) {
                String stopFailure = step("stop", this::stopServers);
                failure = failure != null ? failure : stopFailure;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (deploymentFile != null && failure == null) {
            out.println();
            out.println("Deployment A's file (" + fileName("netbox-a.yml") + "), what sot-backup reads to find a "
                    + "NetBox's stores:");
            deploymentFile.lines().forEach(line -> out.println("    " + line));
        }
        out.println();
        if (failure == null) {
            out.println("demo passed in " + seconds(took) + ": deployment B matches deployment A"
                    + (options.keep() != null ? "; files kept in " + options.keep() : ""));
        } else {
            out.println("demo FAILED in " + seconds(took) + " at " + failure);
        }
        out.flush();
        return new Result(failure == null, steps, took, snapshotId == null ? null : snapshotId.toString(), comparison,
                deploymentFile, options.keep(), failure);
    }

    /** Runs one step and prints its line; returns "name: message" when it failed, else null. */
    private String step(String name, Action action) {
        long start = System.nanoTime();
        String what;
        boolean ok;
        try {
            what = action.run();
            ok = true;
        } catch (Exception | Error e) {
            what = "FAILED: " + oneLine(e);
            ok = false;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        Step step = new Step(name, what, Duration.ofNanos(System.nanoTime() - start), ok);
        steps.add(step);
        out.printf(Locale.ROOT, TABLE_FORMAT, name, seconds(step.took()), what);
        out.flush();
        return ok ? null : name + ": " + what.substring("FAILED: ".length());
    }

    private void checkKeepDirectory() throws DemoFailure {
        Path keep = options.keep();
        if (keep == null || !Files.exists(keep)) {
            return;
        }
        try (Stream<Path> children = Files.list(keep)) {
            if (children.findAny().isPresent()) {
                throw new DemoFailure("--keep " + keep + " is not empty; give a new or empty directory");
            }
        } catch (IOException e) {
            throw new DemoFailure("--keep " + keep + ": " + oneLine(e));
        }
    }

    private String startServers() throws IOException, SQLException {
        servers = EmbeddedServers.start();
        Path directory = options.keep() != null ? Files.createDirectories(options.keep())
                : Files.createDirectories(servers.root().resolve("deployments"));
        sample = new SampleDeployment(servers, directory);
        return sample.serverVersions() + " on 127.0.0.1 (ports " + servers.postgres().port() + ", "
                + servers.redis().port() + ", " + servers.s3().endpoint().getPort() + ")";
    }

    private String generate() throws Exception {
        SampleDeployment.Contents contents = sample.populate(options.databaseBytes());
        var db = contents.database();
        return "A: database " + SampleDeployment.DATABASE_A + " " + mib(db.copyBytes()) + " (" + contents.tables()
                + " tables, " + db.devices() + " devices, " + db.changelogRows() + " changes), Redis "
                + contents.taskKeys() + " task + " + contents.cacheKeys() + " cache keys, " + contents.mediaFiles()
                + " media files, " + contents.objects() + " objects in " + SampleDeployment.BUCKET_A;
    }

    private String describe() throws IOException, DeploymentConfigException {
        deploymentFile = sample.writeDeploymentFiles();
        // The files are read as the backup and restore commands read them; only the bucket's credentials,
        // which a real deployment takes from AWS_* variables, are handed over here.
        deploymentA = withS3Credentials(DeploymentConfig.load(sample.fileA(), Map.of(), sample.fileA().getParent()));
        deploymentB = withS3Credentials(DeploymentConfig.load(sample.fileB(), Map.of(), sample.fileB().getParent()));
        return fileName("netbox-a.yml") + " and " + fileName("netbox-b.yml") + " (B: database "
                + SampleDeployment.DATABASE_B + ", Redis db " + SampleDeployment.TASKS_DB_B + "/"
                + SampleDeployment.CACHE_DB_B + ", bucket " + SampleDeployment.BUCKET_B + ")";
    }

    private Deployment withS3Credentials(Deployment deployment) {
        return deployment.withBucket(deployment.bucket().withCredentials(servers.s3().credentials()));
    }

    private String fileName(String name) {
        return options.keep() != null ? options.keep().resolve(name).toString() : name;
    }

    private String init() throws IOException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        String location = "s3:" + servers.s3().endpoint() + "/" + SampleDeployment.REPOSITORY_BUCKET;
        backend = Backends.open(location, BackendOptions.defaults().withS3Credentials(servers.s3().credentials()));
        repository = Repository.init(backend, password, ScryptParams.DEFAULT, ChunkerParams.DEFAULT);
        return "encrypted repository at " + location + ", random password "
                + (options.keep() != null ? "(kept with --keep)" : "held in memory only");
    }

    private String backup() throws Exception {
        DeploymentBackup.Plan plan = new DeploymentBackup.Plan(CatalogOptions.everything(), jobs, false, false,
                RedisSelection.all(), Map.of(), List.of("demo"), "sot-backup-demo", options.toolVersion());
        DeploymentBackup.Outcome outcome = DeploymentBackup.backup(repository, deploymentA, plan, options.reporter());
        snapshot = outcome.snapshot();
        snapshotId = outcome.id();
        List<String> kinds = snapshot.components().stream().map(c -> c.kind()).toList();
        return "A → snapshot " + outcome.id().shortId() + " of " + (outcome.version().release().isEmpty() ? "NetBox"
                : "NetBox " + outcome.version().release()) + " (" + String.join(", ", kinds) + "): "
                + mib(snapshot.summary().bytesProcessed()) + " read, " + mib(snapshot.summary().bytesAdded())
                + " stored";
    }

    private String restore() throws IOException {
        DeploymentRestore.Plan plan = DeploymentRestore.Plan.forDeployment(RestoreOptions.builder().jobs(jobs).build());
        DeploymentRestore.Preflight preflight = DeploymentRestore.preflight(snapshot, deploymentB, plan);
        DeploymentRestore.Outcome outcome = DeploymentRestore.restore(repository, preflight, plan,
                options.reporter());
        return "snapshot → B: " + outcome.restored().size() + " stores, then B's stale cache (db "
                + SampleDeployment.CACHE_DB_B + ", " + outcome.cacheKeysFlushed()
                + (outcome.cacheKeysFlushed() == 1 ? " key" : " keys") + ") flushed";
    }

    /** Deployment B against A, store by store: what the restore produced, not only what the snapshot holds. */
    private String compare() throws Exception {
        comparison = DeploymentComparison.compare(deploymentA, deploymentB);
        if (!comparison.identical()) {
            List<String> shown = comparison.differences().subList(0, Math.min(3, comparison.differences().size()));
            throw new DemoFailure("B differs from A in " + comparison.differences().size() + " places: "
                    + String.join("; ", shown));
        }
        return "B = A: " + comparison.tables() + " tables (" + comparison.rows() + " rows), "
                + comparison.redisKeys() + " Redis keys, " + comparison.files() + " files, " + comparison.objects()
                + " objects; contents, TTLs, modes, mtimes, metadata";
    }

    /**
     * The restore drill users run ({@code verify SNAPSHOT --scratch CONNINFO}): the snapshot's database restored
     * into a scratch database on the same server and every table checked against the manifest's checksums,
     * files and objects read back. Redis is left to the comparison: a drill restores it only into a server whose
     * databases are empty ({@code --scratch-redis}), and deployment A's are not.
     */
    private String verify() throws Exception {
        ConnInfo scratch = deploymentA.databases().get(0).conninfo().withDatabase("postgres");
        RestoreDrill.Report report = RestoreDrill.run(repository, snapshotId,
                new RestoreDrill.Plan(scratch, null, jobs, false), options.reporter());
        if (!report.ok()) {
            RestoreDrill.ComponentResult bad = report.components().stream().filter(c -> !c.ok()).findFirst()
                    .orElseThrow();
            throw new DemoFailure("the restore drill found a mismatch in " + bad.component() + ": " + bad.summary());
        }
        return "verify " + report.snapshot() + " --scratch: " + report.tablesChecked() + " tables restored into a "
                + "scratch database in " + seconds(Duration.ofMillis(report.restoreMillis()))
                + " and checksummed, files and objects read back, as recorded";
    }

    private String check() throws Exception {
        CheckReport report = repository.check(true);
        if (!report.ok()) {
            throw new DemoFailure("the repository check found " + report.problems().size() + " problems: "
                    + report.problems().get(0));
        }
        return "repository check --read-data: " + plural(report.packsChecked(), "pack") + " decrypted, "
                + plural(report.snapshotsChecked(), "snapshot") + ", no problems";
    }

    /** Copies the repository out of the S3 server (it stops with the demo) and writes its password beside it. */
    private String keep() throws IOException {
        Path directory = options.keep().resolve("repository");
        Path passwordFile = options.keep().resolve("repository-password");
        int objects = 0;
        try (Backend local = Backends.open(directory.toString())) {
            for (String name : backend.list("")) {
                local.put(name, backend.get(name));
                objects++;
            }
        }
        Files.writeString(passwordFile, new String(password) + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        return "repository copied to " + directory + " (" + objects + " files), password in " + passwordFile
                + ": sot-backup snapshots -r " + directory + " --password-file " + passwordFile;
    }

    private String stopServers() throws IOException {
        servers.close();
        return "servers stopped, temporary files removed"
                + (options.keep() != null ? " (" + options.keep() + " kept)" : "");
    }

    private void closeRepository() {
        if (repository != null) {
            repository.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
