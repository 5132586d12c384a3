package dev.sotbackup.cli;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.postgres.repo.StoredArchive;
import dev.sotbackup.postgres.restore.PgRestore;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.SnapshotId;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sot-backup restore}: a snapshot's database into PostgreSQL, as {@code pg restore} does for archives. */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Restore the database of a snapshot into PostgreSQL: into an empty database, or with "
                + "--replace through a scratch database swapped in only after success.")
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id (at least 4 hex digits) or latest.")
    String snapshot;

    @Option(names = "--postgres", required = true, paramLabel = "CONNINFO",
            description = "Database to restore into: name, key=value conninfo or postgresql:// URI.")
    String postgres;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
            description = "Restore with N connections; big tables are loaded by several at once.")
    int jobs;

    @Mixin
    SharedRestoreOptions shared;

    @Option(names = {"-v", "--verbose"}, description = "Report progress on standard error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (jobs < 1) {
            throw new ParameterException(spec.commandLine(), "-j must be at least 1");
        }
        shared.checkDropPrevious(spec);
        ConnInfo target = ConnInfo.parse(postgres);
        RestoreOptions options = shared.applyTo(RestoreOptions.defaults().withJobs(jobs)).withVerbose(verbose);
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = verbose || shared.replace ? line -> err.println("sot-backup: " + line) : line -> { };
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            Repository repo = opened.repository();
            SnapshotId id = repo.resolveSnapshot(snapshot);
            Component database = StoredDatabases.only(repo.loadSnapshot(id.toString()), id.shortId());
            try (var lock = repo.lockForReading(); StoredArchive archive = PostgresComponent.open(repo, database)) {
                PgRestore.restore(archive, new RestoreEngine(archive::dataSize), target, options, shared.replace,
                        shared.dropPrevious, progress);
            }
            spec.commandLine().getOut().println("restored database " + database.name() + " of snapshot "
                    + id.shortId() + " into " + target.describe());
        }
        return SotBackup.EXIT_OK;
    }
}
