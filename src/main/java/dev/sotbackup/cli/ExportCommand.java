package dev.sotbackup.cli;

import dev.sotbackup.postgres.archive.ArchiveWriterOptions;
import dev.sotbackup.postgres.archive.CustomArchiveWriter;
import dev.sotbackup.postgres.archive.DirectoryArchiveWriter;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.postgres.repo.StoredArchive;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.LockedSnapshot;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.SnapshotId;
import java.nio.file.Path;
import java.util.Locale;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import dev.sotbackup.files.FilesComponent;
import dev.sotbackup.files.TarExport;
import dev.sotbackup.repository.RepositoryException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sot-backup export}: a snapshot's database as a pg_dump archive that stock pg_restore reads. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the database of a snapshot as a pg_dump custom (-Fc) or directory (-Fd) archive.")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id (at least 4 hex digits) or latest.")
    String snapshot;

    @Mixin
    SnapshotFilterOptions filters;

    @Option(names = {"-F", "--format"}, paramLabel = "c|d", defaultValue = "c",
            description = "Archive format: c (custom, the default) or d (directory).")
    String format;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Output file (or directory for -Fd); standard output when absent (-Fc only).")
    Path file;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
            description = "Compress N entries at once.")
    int jobs;

    @Option(names = {"-Z", "--compress"}, paramLabel = "0-9", description = "gzip level (default 6, zlib's).")
    Integer compress;

    @Option(names = "--files", paramLabel = "NAME",
            description = "Export the directory tree NAME (e.g. media) as a tar.gz that tar -xzf extracts.")
    String files;

    @Option(names = "-o", paramLabel = "FILE", description = "With --files: the tar.gz to write (like -f).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (files != null) {
            return exportFiles(output != null ? output : file);
        }
        boolean directory = switch (format.toLowerCase(Locale.ROOT)) {
            case "c", "custom" -> false;
            case "d", "directory" -> true;
            default -> throw usage("invalid output format \"" + format + "\" (use c or d)");
        };
        if (directory && file == null) {
            throw usage("-Fd needs an output directory: -f DIR");
        }
        if (jobs < 1) {
            throw usage("-j must be at least 1");
        }
        if (compress != null && (compress < 0 || compress > 9)) {
            throw usage("-Z must be between 0 and 9");
        }
        ArchiveWriterOptions options = ArchiveWriterOptions.defaults()
                .withJobs(jobs)
                .withCompressionLevel(compress == null ? -1 : compress);
        try (RepositoryOptions.OpenRepository opened = repository.open();
             LockedSnapshot locked = opened.repository().lockSnapshot(filters.query(snapshot, null))) {
            Repository repo = opened.repository();
            SnapshotId id = locked.id();
            Component database = StoredDatabases.only(locked.snapshot(), id.shortId());
            try (StoredArchive archive = PostgresComponent.open(repo, database)) {
                if (directory) {
                    new DirectoryArchiveWriter(options).write(archive.toc(), archive.dataSource(),
                            archive.largeObjectSource(), file);
                } else if (file != null) {
                    new CustomArchiveWriter(options).write(archive.toc(), archive.dataSource(),
                            archive.largeObjectSource(), file);
                } else {
                    new CustomArchiveWriter(options).write(archive.toc(), archive.dataSource(),
                            archive.largeObjectSource(), ((SotBackup) spec.root().userObject()).stdout());
                }
            }
            if (file != null) {
                spec.commandLine().getOut().println("exported database " + database.name() + " of snapshot "
                        + id.shortId() + " to " + file);
            }
        }
        return SotBackup.EXIT_OK;
    }

    /** A directory component as tar.gz, written under a temporary name and renamed only when complete. */
    private int exportFiles(Path target) throws Exception {
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            Repository repo = opened.repository();
            SnapshotId id;
            try (LockedSnapshot locked = repo.lockSnapshot(filters.query(snapshot, null))) {
                id = locked.id();
                Component tree = locked.snapshot().components().stream()
                        .filter(c -> FilesComponent.KIND.equals(c.kind()) && c.name().equals(files)).findFirst()
                        .orElseThrow(() -> new RepositoryException("snapshot " + locked.id().shortId()
                                + " holds no directory named " + files));
                if (target == null) {
                    TarExport.write(repo, tree, ((SotBackup) spec.root().userObject()).stdout());
                    return SotBackup.EXIT_OK;
                }
                Path parent = target.toAbsolutePath().getParent();
                Path partial = Files.createTempFile(parent, "." + target.getFileName(), ".partial");
                try {
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
                        TarExport.write(repo, tree, out);
                    }
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            spec.commandLine().getOut().println("exported files/" + files + " of snapshot " + id.shortId() + " to "
                    + target);
        }
        return SotBackup.EXIT_OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
