package dev.sotbackup.cli;

import dev.sotbackup.files.TarExport;
import dev.sotbackup.output.OutputFile;
import dev.sotbackup.postgres.archive.ArchiveFormat;
import dev.sotbackup.postgres.archive.ArchiveWriterOptions;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.postgres.repo.StoredArchive;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.LockedSnapshot;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.RepositoryException;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.body.FilesBody;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sot-backup export}: a snapshot's database as a pg_dump archive that stock pg_restore reads. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the database of a snapshot as a pg_dump custom (-Fc) or directory (-Fd) archive.")
public final class ExportCommand extends RepositoryCommand {

    @Mixin
    SnapshotArgument snapshot;

    @Option(names = {"-F", "--format"}, paramLabel = "c|d", defaultValue = "c",
            description = "Archive format: c (custom, the default) or d (directory).")
    String format;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Output file (or directory for -Fd); standard output when absent or '-' (-Fc only).")
    Path file;

    @Mixin
    JobsOption jobsOption;

    @Option(names = {"-Z", "--compress"}, paramLabel = "0-9", description = "gzip level (default 6, zlib's).")
    Integer compress;

    @Option(names = "--files", paramLabel = "NAME",
            description = "Export the directory tree NAME (e.g. media) as a tar.gz that tar -xzf extracts.")
    String files;

    @Option(names = "-o", paramLabel = "FILE", description = "With --files: the tar.gz to write (like -f).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (OutputFile.isStandardOutput(file)) {
            file = null;
        }
        if (files != null) {
            Path target = output != null ? output : file;
            return exportFiles(OutputFile.isStandardOutput(target) ? null : target);
        }
        ArchiveFormat archiveFormat = switch (format.toLowerCase(Locale.ROOT)) {
            case "c", "custom" -> ArchiveFormat.CUSTOM;
            case "d", "directory" -> ArchiveFormat.DIRECTORY;
            default -> throw usage("invalid output format \"" + format + "\" (use c or d)");
        };
        if (archiveFormat == ArchiveFormat.DIRECTORY && file == null) {
            throw usage("-Fd needs an output directory: -f DIR");
        }
        int jobs = jobsOption.checked(spec);
        if (compress != null) {
            OptionChecks.inRange(spec, "-Z/--compress", compress, 0, 9);
        }
        ArchiveWriterOptions options = ArchiveWriterOptions.defaults()
                .withJobs(jobs)
                .withCompressionLevel(compress == null ? -1 : compress);
        ConsoleReporter reporter = new ConsoleReporter(err(), Set.of(Reporter.Level.NOTE));
        try (RepositoryOptions.OpenRepository opened = repository.open();
             LockedSnapshot locked = opened.repository().lockSnapshot(snapshot.query(null))) {
            Repository repo = opened.repository();
            SnapshotId id = locked.id();
            Component database = StoredDatabases.only(locked.snapshot(), id.shortId());
            try (StoredArchive archive = PostgresComponent.open(repo, database)) {
                archiveFormat.write(archive, file, stdout(), options, reporter::note);
            }
            if (file != null) {
                out().println("exported database " + database.name() + " of snapshot "
                        + id.shortId() + " to " + file);
            }
        }
        return SotBackup.EXIT_OK;
    }

    /** A directory component as tar.gz, replaced only when complete (see {@link OutputFile}). */
    private int exportFiles(Path target) throws Exception {
        ConsoleReporter reporter = new ConsoleReporter(err(), Set.of(Reporter.Level.NOTE));
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            Repository repo = opened.repository();
            SnapshotId id;
            try (LockedSnapshot locked = repo.lockSnapshot(snapshot.query(null));
                 OutputFile out = output(target, reporter::note)) {
                id = locked.id();
                Component tree = locked.snapshot().components().stream()
                        .filter(c -> FilesBody.KIND.equals(c.kind()) && c.name().equals(files)).findFirst()
                        .orElseThrow(() -> new RepositoryException("snapshot " + locked.id().shortId()
                                + " holds no directory named " + files));
                TarExport.write(repo, tree, out.stream());
                out.commit();
            }
            if (target == null) {
                return SotBackup.EXIT_OK;
            }
            out().println("exported files/" + files + " of snapshot " + id.shortId() + " to "
                    + target);
        }
        return SotBackup.EXIT_OK;
    }

    /** The file named, or standard output without one. */
    private OutputFile output(Path target, Consumer<String> notes) throws java.io.IOException {
        return target == null ? OutputFile.standardOutput(stdout(), notes) : OutputFile.open(target, notes);
    }

}
