package dev.sotbackup.postgres.dump;

import dev.sotbackup.postgres.archive.ArchiveWriterOptions;
import dev.sotbackup.postgres.archive.CustomArchiveWriter;
import dev.sotbackup.postgres.archive.DirectoryArchiveWriter;
import dev.sotbackup.postgres.archive.PlainScriptOptions;
import dev.sotbackup.postgres.archive.PlainScriptWriter;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.toc.Toc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/** {@code pg dump}: snapshot, catalog, sorted TOC, then one of the archive writers. */
public final class PgDump {

    public enum Format { CUSTOM, DIRECTORY, PLAIN }

    /** What a dump did, for the CLI's summary. */
    public record Result(int entries, int tables, Duration elapsed) {
    }

    private PgDump() {
    }

    public static Result run(PgDumpRequest request, Consumer<String> warnings, Consumer<String> progress)
            throws IOException, SQLException {
        return run(request, warnings, progress, new DumpCounters());
    }

    /** {@link #run(PgDumpRequest, Consumer, Consumer)} counting into {@code counters}, for a progress bar. */
    public static Result run(PgDumpRequest request, Consumer<String> warnings, Consumer<String> progress,
                             DumpCounters counters) throws IOException, SQLException {
        long started = System.nanoTime();
        if (request.output() != null) {
            checkWritable(request.output());
        }
        ConnectionFactory connections = () -> Connector.open(request.connection());
        progress.accept("reading the catalog of " + request.connection().describe());
        try (Dumper dumper = Dumper.open(connections, request.catalog(), request.jobs(), request.splitBytes(),
                "sot-backup", warnings, progress, counters)) {
            Toc toc = dumper.catalog().toc();
            int tables = (int) toc.entries().stream().filter(e -> e.isTableData()).count();
            progress.accept(toc.entries().size() + " entries, " + tables + " tables with data; writing "
                    + request.format().name().toLowerCase(java.util.Locale.ROOT) + " archive");
            ArchiveWriterOptions options = ArchiveWriterOptions.defaults()
                    .withJobs(request.jobs())
                    .withCompressionLevel(request.compressionLevel());
            switch (request.format()) {
                case CUSTOM -> {
                    CustomArchiveWriter writer = new CustomArchiveWriter(options);
                    if (request.output() == null) {
                        writer.write(toc, dumper.dataSource(), dumper.largeObjectSource(), request.stdout());
                    } else {
                        writer.write(toc, dumper.dataSource(), dumper.largeObjectSource(), request.output());
                    }
                }
                case DIRECTORY -> new DirectoryArchiveWriter(options)
                        .write(toc, dumper.dataSource(), dumper.largeObjectSource(), request.output());
                case PLAIN -> {
                    PlainScriptWriter writer = new PlainScriptWriter(PlainScriptOptions.defaults()
                            .withClean(request.clean(), request.ifExists())
                            .withCreate(request.create())
                            .withNoOwner(request.catalog().noOwner())
                            .withNoPrivileges(request.catalog().noPrivileges()));
                    if (request.output() == null) {
                        writer.write(toc, dumper.dataSource(), dumper.largeObjectSource(), request.stdout());
                    } else {
                        writer.write(toc, dumper.dataSource(), dumper.largeObjectSource(), request.output());
                    }
                }
            }
            return new Result(toc.entries().size(), tables, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * Fails before connecting when the output cannot be written, with pg_dump's wording, instead of after the
     * whole database has been read.
     */
    private static void checkWritable(Path output) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        String reason = null;
        if (parent == null || !Files.isDirectory(parent)) {
            reason = "No such file or directory";
        } else if (!Files.isWritable(parent)) {
            reason = "Permission denied";
        } else if (Files.isDirectory(output) && !Files.isWritable(output)) {
            reason = "Permission denied";
        }
        if (reason != null) {
            throw new IOException("could not open output file \"" + output + "\": " + reason);
        }
    }

}
