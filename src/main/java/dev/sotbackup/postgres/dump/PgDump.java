package dev.sotbackup.postgres.dump;

import dev.sotbackup.output.OutputDirectory;
import dev.sotbackup.output.OutputFile;
import dev.sotbackup.postgres.archive.ArchiveWriterOptions;
import dev.sotbackup.postgres.archive.CustomArchiveWriter;
import dev.sotbackup.postgres.archive.DirectoryArchiveWriter;
import dev.sotbackup.postgres.archive.PlainScriptOptions;
import dev.sotbackup.postgres.archive.PlainScriptWriter;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.toc.Toc;
import java.io.IOException;
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

    /**
     * {@link #run(PgDumpRequest, Consumer, Consumer)} counting into {@code counters}, for a progress bar. The output
     * is opened first, so that one that cannot be written fails before the database is read; lines to
     * {@code progress} that start with "note: " (leftovers of interrupted runs removed) are meant to be shown always.
     */
    public static Result run(PgDumpRequest request, Consumer<String> warnings, Consumer<String> progress,
                             DumpCounters counters) throws IOException, SQLException {
        long started = System.nanoTime();
        Consumer<String> notes = note -> progress.accept("note: " + note);
        ArchiveWriterOptions options = ArchiveWriterOptions.defaults()
                .withJobs(request.jobs())
                .withCompressionLevel(request.compressionLevel());
        if (request.format() == Format.DIRECTORY) {
            try (OutputDirectory out = OutputDirectory.open(request.output(), notes)) {
                Result result = dump(request, warnings, progress, counters, started, (toc, dumper) ->
                        new DirectoryArchiveWriter(options).write(toc, dumper.dataSource(),
                                dumper.largeObjectSource(), out));
                out.commit();
                return result;
            }
        }
        try (OutputFile out = request.output() == null ? OutputFile.standardOutput(request.stdout(), notes)
                : OutputFile.open(request.output(), notes)) {
            Result result = dump(request, warnings, progress, counters, started, (toc, dumper) -> {
                if (request.format() == Format.CUSTOM) {
                    new CustomArchiveWriter(options).write(toc, dumper.dataSource(), dumper.largeObjectSource(), out);
                } else {
                    new PlainScriptWriter(PlainScriptOptions.defaults()
                            .withClean(request.clean(), request.ifExists())
                            .withCreate(request.create())
                            .withNoOwner(request.catalog().noOwner())
                            .withNoPrivileges(request.catalog().noPrivileges()))
                            .write(toc, dumper.dataSource(), dumper.largeObjectSource(), out.stream());
                }
            });
            out.commit();
            return result;
        }
    }

    /** Writes the dumped TOC and data somewhere. */
    @FunctionalInterface
    private interface ArchiveOutput {
        void write(Toc toc, Dumper dumper) throws IOException;
    }

    private static Result dump(PgDumpRequest request, Consumer<String> warnings, Consumer<String> progress,
                               DumpCounters counters, long started, ArchiveOutput output)
            throws IOException, SQLException {
        ConnectionFactory connections = () -> Connector.open(request.connection());
        progress.accept("reading the catalog of " + request.connection().describe());
        try (Dumper dumper = Dumper.open(connections, request.catalog(), request.jobs(), request.splitBytes(),
                "sot-backup", warnings, progress, counters)) {
            Toc toc = dumper.catalog().toc();
            int tables = (int) toc.entries().stream().filter(e -> e.isTableData()).count();
            progress.accept(toc.entries().size() + " entries, " + tables + " tables with data; writing "
                    + request.format().name().toLowerCase(java.util.Locale.ROOT) + " archive");
            output.write(toc, dumper);
            return new Result(toc.entries().size(), tables, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
