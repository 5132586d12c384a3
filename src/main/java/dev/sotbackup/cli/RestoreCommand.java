package dev.sotbackup.cli;

import dev.sotbackup.files.FilesComponent;
import dev.sotbackup.objectstore.BucketComponent;
import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.objectstore.RestoreMode;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.postgres.repo.StoredArchive;
import dev.sotbackup.postgres.restore.PgRestore;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.redis.RedisComponent;
import dev.sotbackup.redis.RedisRestoreOptions;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.SnapshotId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sot-backup restore}: a snapshot's components into the targets given — the database as {@code pg restore}
 * does for archives, Redis, directory trees, the bucket.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Restore a snapshot: the database into PostgreSQL (with --replace through a scratch database "
                + "swapped in only after success), Redis, directories and the bucket into the targets given.")
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id (at least 4 hex digits) or latest.")
    String snapshot;

    @Option(names = "--postgres", paramLabel = "CONNINFO",
            description = "Database to restore into: name, key=value conninfo or postgresql:// URI.")
    String postgres;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
            description = "Restore with N connections; big tables are loaded by several at once.")
    int jobs;

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

    @Option(names = "--force", description = "Directories: restore into non-empty targets, overwriting files.")
    boolean force;

    @Option(names = "--overwrite", description = "Bucket: restore into a prefix that already holds objects.")
    boolean overwrite;

    @Option(names = {"-v", "--verbose"}, description = "Report progress on standard error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (jobs < 1) {
            throw new ParameterException(spec.commandLine(), "-j must be at least 1");
        }
        if (flush && merge) {
            throw new ParameterException(spec.commandLine(), "--flush and --merge cannot be used together");
        }
        for (String kind : only) {
            if (!KINDS.contains(kind)) {
                throw new ParameterException(spec.commandLine(), "--only takes " + String.join(", ", KINDS)
                        + "; got \"" + kind + "\"");
            }
        }
        shared.checkDropPrevious(spec);
        Environment environment = repository.environment();
        ConnInfo target = postgres == null ? null : ConnInfo.parse(postgres);
        RedisTarget redis = stores.redis(environment);
        Map<String, Path> directories = stores.directories(spec);
        BucketSource bucket = stores.bucket(environment);
        RedisRestoreOptions redisOptions = new RedisRestoreOptions(
                redisDbMap == null ? Map.of() : RedisRestoreOptions.parseDbMap(redisDbMap),
                flush ? RedisRestoreOptions.Existing.FLUSH : merge ? RedisRestoreOptions.Existing.MERGE
                        : RedisRestoreOptions.Existing.REFUSE);
        RestoreOptions options = shared.applyTo(RestoreOptions.defaults().withJobs(jobs)).withVerbose(verbose);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> progress = verbose || shared.replace ? line -> err.println("sot-backup: " + line) : line -> { };
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            Repository repo = opened.repository();
            SnapshotId id = repo.resolveSnapshot(snapshot);
            Snapshot loaded = repo.loadSnapshot(id.toString());
            try (var lock = repo.lockForReading()) {
                for (Component component : loaded.components()) {
                    String kind = component.kind();
                    if (!only.isEmpty() && !only.contains(kind)) {
                        continue;
                    }
                    String what = kind + "/" + component.name();
                    switch (kind) {
                        case PostgresComponent.KIND -> {
                            if (missingTarget(target, what, "--postgres")) {
                                continue;
                            }
                            try (StoredArchive archive = PostgresComponent.open(repo, component)) {
                                PgRestore.restore(archive, new RestoreEngine(archive::dataSize), target, options,
                                        shared.replace, shared.dropPrevious, progress);
                            }
                            out.println("restored " + what + " into " + target.describe());
                        }
                        case RedisComponent.KIND -> {
                            if (missingTarget(redis, what, "--redis")) {
                                continue;
                            }
                            var result = RedisComponent.restore(repo, component, redis, redisOptions, progress);
                            out.println("restored " + what + " into " + redis.address() + " (" + result.keys()
                                    + " keys)");
                        }
                        case FilesComponent.KIND -> {
                            Path path = directories.get(component.name());
                            if (missingTarget(path, what, "--dir " + component.name() + "=PATH")) {
                                continue;
                            }
                            var result = FilesComponent.restore(repo, component, path, force, progress);
                            out.println("restored " + what + " into " + path + " (" + result.files() + " files)");
                        }
                        case BucketComponent.KIND -> {
                            if (missingTarget(bucket, what, "--s3-bucket")) {
                                continue;
                            }
                            var result = BucketComponent.restore(repo, component, bucket,
                                    overwrite ? RestoreMode.OVERWRITE : RestoreMode.REQUIRE_EMPTY, jobs, progress);
                            out.println("restored " + what + " into " + bucket.describe() + " (" + result.objects()
                                    + " objects)");
                        }
                        default -> err.println("sot-backup: warning: " + what
                                + " is of a kind this version cannot restore; skipped");
                    }
                }
            }
        }
        return SotBackup.EXIT_OK;
    }

    /** Kinds restore knows, as --only names them. */
    private static final List<String> KINDS = List.of(PostgresComponent.KIND, RedisComponent.KIND,
            FilesComponent.KIND, BucketComponent.KIND);

    /**
     * A component without a target is skipped with a note, unless --only asked for its kind explicitly: then
     * leaving it out silently would be a lie.
     */
    private boolean missingTarget(Object target, String what, String option) {
        if (target != null) {
            return false;
        }
        if (!only.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--only includes " + what + " but no " + option
                    + " target was given");
        }
        spec.commandLine().getErr().println("sot-backup: note: " + what + " not restored (no " + option + ")");
        return true;
    }
}
