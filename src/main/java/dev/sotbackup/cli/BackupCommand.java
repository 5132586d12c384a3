package dev.sotbackup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.files.FilesComponent;
import dev.sotbackup.files.TarImport;
import dev.sotbackup.objectstore.BucketComponent;
import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.redis.RedisComponent;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.SnapshotSummary;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sot-backup backup}: one snapshot of the stores given — a PostgreSQL database, Redis, directory trees,
 * a bucket — in the repository, each component stamped with its capture time.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Back up a PostgreSQL database, Redis, directories and a bucket into the repository as one "
                + "new snapshot; unchanged data is stored once.")
public final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--postgres", paramLabel = "CONNINFO",
            description = "Database to back up: name, key=value conninfo or postgresql:// URI (PG* variables "
                    + "and ~/.pgpass apply).")
    String postgres;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
            description = "Read N tables at once (one snapshot-consistent transaction) and chunk in parallel.")
    int jobs;

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

    @Option(names = "--compression-level", paramLabel = "1-19", defaultValue = "1",
            description = "zstd level of the data stored (default 1, fastest; 6 stores about 15 %% less at half "
                    + "the speed).")
    int compressionLevel;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag the snapshot (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--host", paramLabel = "NAME", description = "Host name recorded in the snapshot "
            + "(default: this machine's).")
    String host;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Report progress on standard error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (jobs < 1) {
            throw new ParameterException(spec.commandLine(), "-j must be at least 1");
        }
        if (compressionLevel < 1 || compressionLevel > 19) {
            throw new ParameterException(spec.commandLine(), "--compression-level must be between 1 and 19");
        }
        if (postgres == null && !stores.any() && directoryArchives.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "nothing to back up: give --postgres, --redis, --dir, --dir-archive or --s3-bucket");
        }
        Map<String, Path> directories = stores.directories(spec);
        Map<String, Path> archives = StoreOptions.namedPaths(spec, "--dir-archive", directoryArchives);
        Environment environment = repository.environment();
        // Sources are resolved before the repository is touched, so bad input leaves it untouched.
        ConnInfo source = postgres == null ? null : ConnInfo.parse(postgres);
        RedisTarget redis = stores.redis(environment);
        BucketSource bucket = stores.bucket(environment);
        CatalogOptions catalog = selection.toCatalogOptions(false, false, false, false, selection.wholeDatabase());
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            if (verbose || line.startsWith("warning: ")) {
                err.println("sot-backup: " + line);
            }
        };
        String hostname = host != null ? host : localHostname();
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            Repository repo = opened.repository();
            repo.useCompressionLevel(compressionLevel);
            SnapshotId id;
            try (BackupSession session = repo.startBackup(hostname, jobs)) {
                List<Component> components = new ArrayList<>();
                if (source != null) {
                    components.add(PostgresComponent.backup(session, source, catalog, jobs, progress));
                }
                if (redis != null) {
                    components.add(RedisComponent.backup(session, redis,
                            new RedisSelection(redisDatabases, redisInclude, redisExclude), progress));
                }
                for (Map.Entry<String, Path> dir : directories.entrySet()) {
                    components.add(FilesComponent.backup(session, dir.getKey(), dir.getValue(), jobs, progress));
                }
                for (Map.Entry<String, Path> archive : archives.entrySet()) {
                    components.add(TarImport.backup(session, archive.getKey(), archive.getValue(), progress));
                }
                if (bucket != null) {
                    components.add(BucketComponent.backup(session, bucket, jobs, progress));
                }
                Snapshot manifest = Snapshot.of(Instant.now(), Version.current(), tags, components)
                        .withHostname(hostname);
                id = session.commit(manifest);
                session.warnings().forEach(w -> err.println("sot-backup: warning: " + w));
            }
            print(id, repo.loadSnapshot(id.toString()).summary());
        }
        return SotBackup.EXIT_OK;
    }

    private void print(SnapshotId id, SnapshotSummary summary) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode result = JsonOutput.object();
            result.put("snapshot_id", id.toString());
            result.put("short_id", id.shortId());
            result.put("bytes_processed", summary.bytesProcessed());
            result.put("bytes_added", summary.bytesAdded());
            result.put("blobs_added", summary.blobsAdded());
            result.put("duration_ms", summary.durationMs());
            JsonOutput.print(out, result);
            return;
        }
        out.println("processed " + Sizes.bytes(summary.bytesProcessed()) + ", added "
                + Sizes.bytes(summary.bytesAdded()) + " (stored) in " + summary.blobsAdded() + " new blobs, "
                + String.format(java.util.Locale.ROOT, "%.1f s", summary.durationMs() / 1000.0));
        out.println("snapshot " + id.shortId() + " saved");
    }

    /** The name snapshots record by default: $HOSTNAME, else the resolver's. */
    private String localHostname() {
        String fromEnvironment = repository.environment().variable("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
