package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.archive.ArchiveFormat;
import dev.sotbackup.postgres.archive.ArchiveReader;
import dev.sotbackup.postgres.archive.ArchiveWriterOptions;
import dev.sotbackup.postgres.archive.PlainScriptOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.script.SqlScriptRunner;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code pg restore}: reads any pg_dump archive or plain script and either lists it, converts it to a script,
 * or restores it into a database — in place, or through {@link SafeReplace} so that a failure never leaves a
 * half-restored database where a good one was.
 */
public final class PgRestore {

    /** What to do with the archive. */
    public enum Action { LIST, SCRIPT, RESTORE }

    /**
     * One invocation.
     *
     * @param target   the database to restore into (with -C: the database to connect to first)
     * @param script   with {@link Action#SCRIPT}: the output file, or null for {@code stdout}
     * @param restoreTarget in place, or into a scratch database swapped in only on success
     */
    public record Request(Path archive, Action action, ConnInfo target, RestoreOptions options, Path script,
                          OutputStream stdout, RestoreTarget restoreTarget) {
    }

    /**
     * What a restore into a database did.
     *
     * @param result   the engine's result; null for a plain script (run by the script runner)
     * @param replaced where a safe replace left things; null for a restore in place
     */
    public record Outcome(RestoreResult result, ReplaceResult replaced) {
    }

    private PgRestore() {
    }

    /** Runs the request with a fresh engine; returns null for {@link Action#LIST} and {@link Action#SCRIPT}. */
    public static Outcome run(Request request, Reporter reporter) throws IOException, SQLException {
        return run(request, new RestoreEngine(), reporter);
    }

    /**
     * Runs the request; a restore from an archive goes through {@code engine}, whose live counters
     * ({@link RestoreEngine#bytesLoaded()}) a progress bar may poll meanwhile. Returns null for
     * {@link Action#LIST} and {@link Action#SCRIPT}.
     */
    public static Outcome run(Request request, RestoreEngine engine, Reporter reporter)
            throws IOException, SQLException {
        if (ArchiveReader.isPlainScript(request.archive())) {
            return runScript(request, reporter);
        }
        try (ArchiveContents archive = ArchiveReader.open(request.archive())) {
            if (request.action() != Action.LIST) {
                // Before any connection: a restore asked for tables the archive lacks must not look like a success.
                EntrySelection.of(archive.toc(), request.options()).requireMatches();
            }
            switch (request.action()) {
                case LIST -> {
                    EntrySelection selection = EntrySelection.of(archive.toc(), request.options());
                    String listing = TocListing.format(archive.toc(), selection, TocListing.ArchiveFacts.UNKNOWN,
                            request.options().verbose());
                    request.stdout().write(listing.getBytes(StandardCharsets.UTF_8));
                    request.stdout().flush();
                }
                case SCRIPT -> writeScript(archive, request.options(), request.script(), request.stdout(), reporter);
                case RESTORE -> {
                    return restore(archive, engine, request.target(), request.options(), request.restoreTarget(),
                            reporter);
                }
            }
        }
        return null;
    }

    /**
     * Restores an open archive — a file's, or a database stored in a repository — into {@code target}: in place,
     * or through {@link SafeReplace}, as {@code restoreTarget} says.
     *
     * @throws RestoreFailure when the restore reports errors; when replacing, the target is then untouched
     */
    public static Outcome restore(ArchiveContents archive, RestoreEngine engine, ConnInfo requestedTarget,
                                  RestoreOptions options, RestoreTarget restoreTarget, Reporter reporter) {
        Optional<String> archivedName = databaseEntry(archive.toc());
        if (!restoreTarget.replaces()) {
            String database = options.create() && archivedName.isPresent() ? archivedName.get()
                    : requestedTarget.dbname();
            // A signal (Ctrl-C, a CronJob's deadline) ends the JVM mid-restore; it still says what it leaves behind.
            Thread interrupted = new Thread(() -> reporter.note("interrupted; "
                    + RestoreFailure.partlyRestored(database, "may now be")));
            Runtime.getRuntime().addShutdownHook(interrupted);
            try {
                RestoreResult result = engine.restore(archive, requestedTarget, options, reporter);
                finish(result);
                return new Outcome(result, null);
            } catch (RestoreFailure failure) {
                throw failure.leftIn(database);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(interrupted);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running or has run: that is the interruption it reports.
                }
            }
        }
        ConnInfo target = restoreTarget.replaced(requestedTarget, archivedName);
        Staged staged = stage(archive, engine, target, options, reporter);
        ReplaceResult result = staged.scratch().swapIn().finish(restoreTarget.dropsPrevious());
        reporter.info("restored into " + result.database()
                + (result.previousKeptAs() == null ? "" : "; previous contents kept as " + result.previousKeptAs()));
        return new Outcome(staged.result(), result);
    }

    /**
     * A database restored into its scratch database, ready to be swapped in.
     *
     * @param result the engine's result (successful)
     */
    public record Staged(ScratchDatabase scratch, RestoreResult result) {
    }

    /**
     * Restores an open archive into a scratch database beside {@code target}'s and stops there: the caller swaps
     * it in ({@link ScratchDatabase#swapIn}) once everything else it restores has succeeded, or discards it.
     *
     * @throws ReplaceFailure when the restore failed; the scratch database is then dropped, the target untouched
     */
    public static Staged stage(ArchiveContents archive, RestoreEngine engine, ConnInfo target, RestoreOptions options,
                               Reporter reporter) {
        RestoreOptions intoScratch = options.toBuilder().create(false).clean(false).ifExists(false).build();
        AtomicReference<RestoreResult> restored = new AtomicReference<>();
        ScratchDatabase scratch = SafeReplace.prepare(target, ReplaceOptions.defaults(), reporter);
        scratch.load(into -> {
            RestoreResult result = engine.restore(archive, into, intoScratch, reporter);
            restored.set(result);
            finish(result);
        });
        return new Staged(scratch, restored.get());
    }

    private static Outcome runScript(Request request, Reporter reporter) throws IOException, SQLException {
        if (request.action() != Action.RESTORE) {
            throw new IOException(request.archive() + " is a plain SQL script; it can only be restored (-d)");
        }
        if (request.options().jobs() > 1) {
            reporter.info("a plain script is restored by one connection; -j is ignored");
        }
        RestoreStep step = database -> {
            try (Connection connection = Connector.open(database)) {
                connection.setAutoCommit(!request.options().singleTransaction());
                new SqlScriptRunner(connection, name -> Connector.open(database.withDatabase(name)))
                        .run(request.archive());
                if (request.options().singleTransaction()) {
                    connection.commit();
                }
            }
        };
        if (request.restoreTarget().replaces()) {
            return new Outcome(null, SafeReplace.replace(request.target(), request.restoreTarget().replaceOptions(),
                    step, reporter));
        } else {
            try {
                step.restoreInto(request.target());
            } catch (IOException | SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
            return new Outcome(null, null);
        }
    }

    /**
     * pg_restore -f: the selected entries of {@code archive} as a script, through the same writer pg dump -Fp uses,
     * to {@code script} or, when null, to {@code stdout}. Data and large objects stream straight through.
     */
    static void writeScript(ArchiveContents archive, RestoreOptions options, Path script, OutputStream stdout,
                            Reporter reporter) throws IOException {
        EntrySelection selection = EntrySelection.of(archive.toc(), options);
        List<TocEntry> entries = new ArrayList<>();
        for (TocEntry entry : archive.toc().entries()) {
            if (EntrySelection.isSpecial(entry) || selection.isSelected(entry)) {
                entries.add(entry);
            }
        }
        ArchiveWriterOptions scriptOptions = ArchiveWriterOptions.defaults().withScript(PlainScriptOptions.defaults()
                .withClean(options.clean(), options.ifExists())
                .withCreate(options.create())
                .withNoOwner(options.noOwner())
                .withNoPrivileges(options.noPrivileges()));
        ArchiveFormat.PLAIN.write(archive.withToc(new Toc(archive.toc().header(), entries)), script, stdout,
                scriptOptions, reporter::note);
    }

    private static void finish(RestoreResult result) {
        if (!result.succeeded()) {
            throw new RestoreFailure(result.errorSummary()).after(result.entriesRestored());
        }
    }

    private static Optional<String> databaseEntry(Toc toc) {
        return toc.entries().stream().filter(e -> "DATABASE".equals(e.desc())).map(TocEntry::tag).findFirst();
    }
}
