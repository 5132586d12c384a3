package dev.sotbackup.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sotbackup.cli.progress.ProgressBar;
import dev.sotbackup.input.UserFiles;
import dev.sotbackup.postgres.archive.ArchiveReader;
import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionSlots;
import dev.sotbackup.postgres.restore.PgRestore;
import dev.sotbackup.postgres.restore.ReplaceResult;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.restore.RestoreResult;
import dev.sotbackup.postgres.restore.RestoreTarget;
import dev.sotbackup.postgres.restore.TocListing;
import dev.sotbackup.report.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sot-backup pg restore}: pg_restore (and psql for plain scripts) over JDBC, with pg_restore's options. */
@Command(name = "restore", versionProvider = Version.class, sortOptions = false,
        description = "Restore a pg_dump archive (custom, directory or tar, from pg_dump 12-18 or sot-backup) or "
                + "a plain SQL dump into a database; --replace swaps the result in only after success.")
public final class PgRestoreCommand extends CliCommand {

    /** Options about archive entries, which a plain SQL script does not have. */
    private static final List<String> ARCHIVE_ONLY_OPTIONS = List.of("-n", "-N", "-t", "--exclude-table-data", "-L",
            "-s", "-a", "-O", "-x", "-c", "-C", "--if-exists", "--strict-names", "--role");

    @Parameters(index = "0", paramLabel = "FILE", description = "Archive file or directory, or plain SQL script.")
    Path archive;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Write the restore as an SQL script instead of running it ('-' for standard output).")
    String scriptFile;

    @Option(names = {"-l", "--list"}, description = "Print the archive's table of contents.")
    boolean list;

    @Option(names = {"-L", "--use-list"}, paramLabel = "FILE",
            description = "Restore only the entries in FILE (an edited -l listing), in its order.")
    Path useList;

    @Mixin
    JobsOption jobsOption;

    @Option(names = {"-C", "--create"}, description = "Create the database named in the archive, then restore into it.")
    boolean create;

    @Option(names = {"-c", "--clean"}, description = "Drop objects before recreating them (with -C: replace the "
            + "database safely, as --replace does).")
    boolean clean;

    @Option(names = "--if-exists", description = "With --clean: DROP ... IF EXISTS.")
    boolean ifExists;

    @Mixin
    SharedRestoreOptions shared;

    @Option(names = {"-s", "--schema-only"}, description = "Restore only the definitions.")
    boolean schemaOnly;

    @Option(names = {"-a", "--data-only"}, description = "Restore only the data.")
    boolean dataOnly;

    @Option(names = {"-n", "--schema"}, paramLabel = "PATTERN", description = "Restore only matching schemas.")
    List<String> schemas = new ArrayList<>();

    @Option(names = {"-N", "--exclude-schema"}, paramLabel = "PATTERN", description = "Skip matching schemas.")
    List<String> excludeSchemas = new ArrayList<>();

    @Option(names = {"-t", "--table"}, paramLabel = "PATTERN", description = "Restore only matching tables.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--exclude-table-data", paramLabel = "PATTERN",
            description = "Create matching tables but do not load their rows (e.g. the changelog).")
    List<String> excludeTableData = new ArrayList<>();

    @Option(names = "--strict-names",
            description = "Fail unless every -n and -t pattern finds an entry (without it, unless they find one).")
    boolean strictNames;

    @Option(names = {"-1", "--single-transaction"}, description = "Restore as one transaction.")
    boolean singleTransaction;

    @Option(names = {"-e", "--exit-on-error"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Stop at the first error (default; --no-exit-on-error continues and fails at the end).")
    boolean exitOnError;

    @Option(names = "--role", paramLabel = "ROLE", description = "SET ROLE before restoring.")
    String role;

    @Mixin
    ReportOptions report;

    @Mixin
    PgHelpOptions help;

    @Override
    public Integer call() throws Exception {
        if (schemaOnly && dataOnly) {
            throw usage("options -s/--schema-only and -a/--data-only cannot be used together");
        }
        if (ifExists && !clean) {
            throw usage("option --if-exists requires option -c/--clean");
        }
        shared.checkDropPrevious(spec);
        if (singleTransaction && jobsOption.jobs > 1) {
            throw usage("options -1/--single-transaction and -j/--jobs cannot be used together");
        }
        int jobs = jobsOption.checked(spec);
        if (!Files.exists(archive)) {
            throw usage("input file \"" + archive + "\" does not exist");
        }
        boolean plainScript = ArchiveReader.isPlainScript(archive);
        if (plainScript) {
            refuseArchiveOnlyOptions();
        }
        PgRestore.Action action = list ? PgRestore.Action.LIST
                : scriptFile != null ? PgRestore.Action.SCRIPT : PgRestore.Action.RESTORE;
        if (action == PgRestore.Action.RESTORE && connection.dbname == null) {
            throw usage("one of -d/--dbname, -f/--file and -l/--list must be given");
        }
        report.validate();
        if (report.json() && (action == PgRestore.Action.LIST || (action == PgRestore.Action.SCRIPT
                && "-".equals(scriptFile)))) {
            throw usage("--json cannot be used when the " + (list ? "listing" : "script")
                    + " itself goes to standard output");
        }
        ConnInfo target = action == PgRestore.Action.RESTORE ? connection.resolve(null) : null;
        int jobsWithin = target == null || plainScript ? jobs : report.jobsWithin(ConnectionSlots.limit(jobs, target));
        RestoreOptions.Builder builder = shared.applyTo(RestoreOptions.builder()
                .jobs(jobsWithin)
                .create(create)
                .clean(clean)
                .ifExists(ifExists))
                .schemaOnly(schemaOnly)
                .dataOnly(dataOnly)
                .schemas(patterns(schemas))
                .excludeSchemas(patterns(excludeSchemas))
                .tables(patterns(tables))
                .excludeTableData(patterns(excludeTableData))
                .singleTransaction(singleTransaction)
                .exitOnError(exitOnError)
                .role(role)
                .verbose(report.verbose())
                .strictNames(strictNames);
        if (useList != null) {
            builder.useList(TocListing.parseList(UserFiles.readString(useList, UserFiles.LISTING, "-L/--use-list")));
        }
        RestoreOptions options = builder.build();
        Path script = scriptFile == null || scriptFile.equals("-") ? null : Path.of(scriptFile);
        PgRestore.Request request = new PgRestore.Request(archive, action, target, options, script,
                stdout(), RestoreTarget.of(shared.replace, shared.dropPrevious, options));
        String databaseName = request.target() == null ? null : request.target().dbname();
        // -v and --replace show every line; otherwise only notes.
        ConsoleReporter reporter = report.reporter(shared.replace,
                Reporter.Level.NOTE);
        RestoreEngine engine = new RestoreEngine(entry -> 0, reporter.counter("bytes loaded"));
        // Only a restore of an archive into a database has data to count; a plain script is run by the script runner.
        boolean counted = action == PgRestore.Action.RESTORE && !plainScript;
        long started = System.nanoTime();
        PgRestore.Outcome outcome;
        try (ReportOptions.RunMetrics metrics = report.start("pg_restore", databaseName == null ? Map.of()
                        : Map.of("database", databaseName))
                .bytes(counted ? engine::bytesLoaded : () -> -1, () -> -1);
             ProgressBar bar = counted ? report.progressBar(label(databaseName), reporter)
                     : ProgressBar.disabled(err())) {
            outcome = PgRestore.run(request, engine, reporter);
            bar.complete();
            metrics.succeeded();
        }
        if (report.json()) {
            JsonOutput.print(out(), PgRestoreJson.of(action, databaseName, script, outcome,
                    engine, System.nanoTime() - started));
        }
        return SotBackup.EXIT_OK;
    }

    /** The bar's label: the target database, kept short. */
    private static String label(String databaseName) {
        return ReportOptions.barLabel("restore", databaseName);
    }

    /** The {@code --json} document: where the script went, or what was restored into which database. */
    sealed interface PgRestoreJson {

        static PgRestoreJson of(PgRestore.Action action, String databaseName, Path script, PgRestore.Outcome outcome,
                                RestoreEngine engine, long elapsedNanos) {
            long elapsedMs = elapsedNanos / 1_000_000;
            if (action == PgRestore.Action.SCRIPT) {
                return new Script("pg restore", script.toAbsolutePath().toString(), elapsedMs);
            }
            ReplaceResult replaced = outcome == null ? null : outcome.replaced();
            RestoreResult result = outcome == null ? null : outcome.result();
            return new Restored("pg restore", replaced != null ? replaced.database() : databaseName,
                    result == null ? null : result.entriesRestored(), result == null ? null : result.tablesLoaded(),
                    result == null ? null : result.errorsIgnored(), engine.bytesLoaded(),
                    replaced == null ? null : new Replaced(replaced.database(), replaced.previousKeptAs()),
                    elapsedMs);
        }

        record Script(String command, String script, long elapsedMs) implements PgRestoreJson {
        }

        /** The counts only when the restore got that far; {@code database} written even when unknown. */
        record Restored(String command, @JsonInclude(JsonInclude.Include.ALWAYS) String database,
                        Integer entriesRestored, Integer tablesLoaded, Integer errorsIgnored, long bytesLoaded,
                        Replaced replaced, long elapsedMs) implements PgRestoreJson {
        }

        @JsonInclude(JsonInclude.Include.ALWAYS)
        record Replaced(String database, String previousKeptAs) {
        }
    }

    /**
     * A plain SQL script is run whole, statement by statement, as psql runs it: options that pick or shape archive
     * entries cannot apply, and taking them silently would restore something other than what was asked for.
     */
    private void refuseArchiveOnlyOptions() {
        List<String> given = ARCHIVE_ONLY_OPTIONS.stream()
                .filter(name -> spec.commandLine().getParseResult().hasMatchedOption(name))
                .toList();
        if (!given.isEmpty()) {
            throw usage(archive + " is a plain SQL script, which is run whole; " + String.join(", ", given)
                    + (given.size() == 1 ? " needs" : " need") + " an archive (pg_dump -Fc, -Fd or -Ft)");
        }
    }

    private static List<NamePattern> patterns(List<String> texts) {
        return texts.stream().map(NamePattern::parse).toList();
    }
}
