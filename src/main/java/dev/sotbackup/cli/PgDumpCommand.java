package dev.sotbackup.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sotbackup.cli.progress.ProgressBar;
import dev.sotbackup.output.OutputFile;
import dev.sotbackup.postgres.archive.ArchiveFormat;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionSlots;
import dev.sotbackup.postgres.dump.DumpCounters;
import dev.sotbackup.postgres.dump.PgDump;
import dev.sotbackup.postgres.dump.PgDumpRequest;
import dev.sotbackup.report.Reporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sot-backup pg dump}: pg_dump over JDBC, with pg_dump's option names. */
@Command(name = "dump", versionProvider = Version.class, sortOptions = false,
        description = "Dump one database as a pg_dump custom (-Fc), directory (-Fd) or plain SQL (-Fp) archive "
                + "that stock pg_restore 13-18 and psql read.")
public final class PgDumpCommand extends CliCommand {

    /** 1 TiB: beyond it a table is never split, and MB * 2^20 still fits a long. */
    private static final long MAX_SPLIT_MEGABYTES = 1L << 20;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DBNAME", description = "Database to dump.")
    String database;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-F", "--format"}, paramLabel = "c|d|p", defaultValue = "p",
            description = "Output format: c (custom), d (directory), p (plain SQL, the default).")
    String format;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Output file or directory; standard output when absent or '-' (not for -Fd).")
    Path file;

    @Mixin
    JobsOption jobsOption;

    @Option(names = {"-Z", "--compress"}, paramLabel = "0-9",
            description = "gzip level; default 6 (zlib's default) for -Fc/-Fd, none for -Fp.")
    Integer compress;

    @Option(names = {"-s", "--schema-only"}, description = "Dump only the object definitions.")
    boolean schemaOnly;

    @Option(names = {"-a", "--data-only"}, description = "Dump only the data.")
    boolean dataOnly;

    @Option(names = {"-C", "--create"}, description = "Plain format: begin with CREATE DATABASE and \\connect.")
    boolean create;

    @Option(names = {"-c", "--clean"}, description = "Plain format: drop objects before creating them.")
    boolean clean;

    @Option(names = "--if-exists", description = "With --clean: DROP ... IF EXISTS.")
    boolean ifExists;

    @Option(names = {"-O", "--no-owner"}, description = "Plain format: no ALTER ... OWNER statements.")
    boolean noOwner;

    @Option(names = {"-x", "--no-privileges", "--no-acl"}, description = "Leave out GRANT/REVOKE.")
    boolean noPrivileges;

    @Mixin
    DumpSelectionOptions selection;

    @Option(names = {"-b", "--large-objects", "--blobs"}, description = "Include large objects with -n/-t.")
    boolean largeObjects;

    @Option(names = {"-B", "--no-large-objects", "--no-blobs"}, description = "Leave out large objects.")
    boolean noLargeObjects;

    @Option(names = "--split-size", paramLabel = "MB", defaultValue = "64",
            description = "With -j: tables bigger than this are dumped as several ranges at once (0: every table).")
    long splitMegabytes;

    @Mixin
    ReportOptions report;

    @Mixin
    PgHelpOptions help;

    @Override
    public Integer call() throws Exception {
        if (OutputFile.isStandardOutput(file)) {
            file = null;
        }
        ArchiveFormat outputFormat = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "c", "custom" -> ArchiveFormat.CUSTOM;
            case "d", "directory" -> ArchiveFormat.DIRECTORY;
            case "p", "plain" -> ArchiveFormat.PLAIN;
            case "t", "tar" -> throw usage("tar format (-Ft) is not supported by pg dump; use -Fc or -Fd");
            default -> throw usage("invalid output format \"" + format
                    + "\" (use c, d or p)");
        };
        if (schemaOnly && dataOnly) {
            throw usage("options -s/--schema-only and -a/--data-only cannot be used together");
        }
        if (ifExists && !clean) {
            throw usage("option --if-exists requires option -c/--clean");
        }
        if (outputFormat == ArchiveFormat.DIRECTORY && file == null) {
            throw usage("-Fd needs an output directory: -f DIR");
        }
        int jobs = jobsOption.checked(spec);
        if (jobs > 1 && outputFormat == ArchiveFormat.PLAIN) {
            throw usage("parallel dump (-j) needs the custom or directory format");
        }
        if (compress != null) {
            OptionChecks.inRange(spec, "-Z/--compress", compress, 0, 9);
        }
        // 0 splits every table (that has pages): tests use it to exercise ranges on small tables.
        OptionChecks.inRange(spec, "--split-size", splitMegabytes, 0, MAX_SPLIT_MEGABYTES);
        report.validate();
        if (report.json() && file == null) {
            throw usage("--json needs -f FILE: without it the archive itself "
                    + "goes to standard output");
        }
        CatalogOptions catalog = selection.toCatalogOptions(schemaOnly, dataOnly, noOwner, noPrivileges,
                !noLargeObjects && (largeObjects || selection.wholeDatabase()));
        ConnInfo source = connection.resolve(database);
        int jobsWithin = report.jobsWithin(ConnectionSlots.limit(jobs, source));
        PgDumpRequest request = new PgDumpRequest(source, catalog, outputFormat, file, jobsWithin,
                compress == null ? (outputFormat == ArchiveFormat.PLAIN ? 0 : -1) : compress,
                clean, ifExists, create, splitMegabytes * 1024 * 1024,
                stdout());
        var err = err();
        String databaseName = request.connection().dbname();
        ConsoleReporter reporter = report.reporter(Reporter.Level.NOTE,
                Reporter.Level.WARNING);
        DumpCounters counters = new DumpCounters(reporter.counter("table bytes"), 0);
        PgDump.Result result;
        try (ReportOptions.RunMetrics metrics = report.start("pg_dump", databaseName == null ? Map.of()
                        : Map.of("database", databaseName))
                .bytes(counters::bytesDumped, () -> file == null ? -1 : sizeOf(file));
             ProgressBar bar = report.progressBar(label(databaseName), reporter)) {
            result = PgDump.run(request, reporter, counters);
            bar.complete();
            metrics.succeeded();
        }
        if (report.verbose()) {
            err.println("sot-backup: dumped " + result.entries() + " entries, " + result.tables() + " tables in "
                    + result.elapsed().toMillis() + " ms");
        }
        if (report.json()) {
            JsonOutput.print(out(), new PgDumpJson("pg dump", databaseName,
                    outputFormat.name().toLowerCase(java.util.Locale.ROOT), file.toAbsolutePath().toString(),
                    result.entries(), result.tables(), counters.bytesDumped(), sizeOf(file),
                    result.elapsed().toMillis()));
        }
        return SotBackup.EXIT_OK;
    }

    /** The bar's label: the database, kept short. */
    private static String label(String databaseName) {
        return ReportOptions.barLabel("dump", databaseName);
    }

    /** Bytes of the archive written: the file, or every file of a directory archive; -1 when there is none. */
    private static long sizeOf(Path output) {
        try {
            if (Files.isRegularFile(output)) {
                return Files.size(output);
            }
            if (Files.isDirectory(output)) {
                try (Stream<Path> files = Files.walk(output)) {
                    return files.filter(Files::isRegularFile).mapToLong(path -> {
                        try {
                            return Files.size(path);
                        } catch (IOException e) {
                            return 0;
                        }
                    }).sum();
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // unreadable: not reported
        }
        return -1;
    }

    /** The {@code --json} document; {@code database} is written even when the connection named none. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PgDumpJson(String command, String database, String format, String file, long entries, long tables,
                      long bytesDumped, long bytesWritten, long elapsedMs) {
    }
}
