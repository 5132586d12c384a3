package dev.sotbackup.postgres.dump;

import dev.sotbackup.postgres.archive.ArchiveWriter;
import dev.sotbackup.postgres.archive.ArchiveWriterOptions;
import dev.sotbackup.postgres.archive.PlainScriptOptions;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.report.Reporter;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

/** {@code pg dump}: snapshot, catalog, sorted TOC, then the archive writer of the requested format. */
public final class PgDump {

    /** What a dump did, for the CLI's summary. */
    public record Result(int entries, int tables, Duration elapsed) {
    }

    private PgDump() {
    }

    /**
     * Dumps as requested; the table bytes go to a counter of {@code reporter}'s, for a progress bar. The output is
     * opened first, so that one that cannot be written fails before the database is read; leftovers of interrupted
     * runs removed beside it are notes.
     */
    public static Result run(PgDumpRequest request, Reporter reporter) throws IOException, SQLException {
        return run(request, reporter, new DumpCounters(reporter.counter("table bytes"), 0));
    }

    /** {@link #run(PgDumpRequest, Reporter)} counting into {@code counters}. */
    public static Result run(PgDumpRequest request, Reporter reporter, DumpCounters counters)
            throws IOException, SQLException {
        long started = System.nanoTime();
        ArchiveWriterOptions options = ArchiveWriterOptions.defaults()
                .withJobs(request.jobs())
                .withCompressionLevel(request.compressionLevel())
                .withScript(PlainScriptOptions.defaults()
                        .withClean(request.clean(), request.ifExists())
                        .withCreate(request.create())
                        .withNoOwner(request.catalog().noOwner())
                        .withNoPrivileges(request.catalog().noPrivileges()));
        try (ArchiveWriter writer = request.format().open(request.output(), request.stdout(), options,
                reporter::note)) {
            Result result = dump(request, reporter, counters, started, writer);
            writer.commit();
            return result;
        }
    }

    private static Result dump(PgDumpRequest request, Reporter reporter, DumpCounters counters, long started,
                               ArchiveWriter writer)
            throws IOException, SQLException {
        ConnectionFactory connections = () -> Connector.open(request.connection());
        reporter.info("reading the catalog of " + request.connection().describe());
        try (Dumper dumper = Dumper.open(connections, request.catalog(), request.jobs(), request.splitBytes(),
                "sot-backup", reporter, counters)) {
            Toc toc = dumper.toc();
            int tables = (int) toc.entries().stream().filter(e -> e.isTableData()).count();
            reporter.info(toc.entries().size() + " entries, " + tables + " tables with data; writing "
                    + request.format().name().toLowerCase(java.util.Locale.ROOT) + " archive");
            writer.write(dumper);
            return new Result(toc.entries().size(), tables, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
