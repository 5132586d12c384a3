package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.toc.EntrySql;
import dev.sotbackup.postgres.toc.SessionSettings;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every part of one restore shares: the selection, the entry runner, the error policy and where to
 * connect (which changes after -C's DATABASE entry). Thread-safe where workers touch it.
 */
final class RestoreContext {

    final RestoreOptions options;
    final EntrySelection selection;
    final EntryRestorer restorer;
    final SessionSettings settings;
    final ErrorPolicy errors;
    final Reporter reporter;
    private final AtomicInteger restored = new AtomicInteger();
    private volatile ConnInfo target;

    RestoreContext(RestoreOptions options, EntrySelection selection, EntryRestorer restorer,
                   SessionSettings settings, ErrorPolicy errors, Reporter reporter, ConnInfo target) {
        this.options = options;
        this.selection = selection;
        this.restorer = restorer;
        this.settings = settings;
        this.errors = errors;
        this.reporter = reporter;
        this.target = target;
    }

    ConnInfo target() {
        return target;
    }

    int restored() {
        return restored.get();
    }

    RestoreSession connect() throws SQLException {
        RestoreSession session = RestoreSession.open(target, settings, options.role());
        errors.targetMajor(session.serverMajor());
        return session;
    }

    /**
     * Runs one entry; a failure goes to the error policy (which throws under exit-on-error). Returns whether the
     * entry succeeded.
     */
    boolean run(RestoreSession session, TocEntry entry, EntryRestorer.LoadPlan plan) {
        if (options.verbose()) {
            reporter.info("processing " + RestoreFailure.describe(entry));
        }
        try {
            restorer.restore(session, entry, selection.parts(entry), plan);
            restored.incrementAndGet();
            return true;
        } catch (SQLException | IOException | RuntimeException e) {
            if (e instanceof RestoreFailure failure) {
                throw failure;
            }
            errors.failed(entry, e);
            return false;
        }
    }

    /**
     * After -C's DATABASE (and DATABASE PROPERTIES) entry pg_restore continues in the database named by the
     * entry's tag, on a fresh connection so that ALTER DATABASE ... SET settings apply.
     */
    RestoreSession reconnectIfDatabase(RestoreSession session, TocEntry entry) throws SQLException {
        if (!entry.desc().equals("DATABASE") && !entry.desc().equals("DATABASE PROPERTIES")) {
            return session;
        }
        session.close();
        target = target.withDatabase(entry.tag());
        reporter.info("connecting to new database \"" + entry.tag() + "\"");
        return connect();
    }

    /**
     * -c: drops in reverse restore order; with -C only the database itself (it is being recreated). With
     * --if-exists a drop that fails is retried once after all the others: what a partition inherits (its
     * attached index, its share of the parent's primary key) cannot be dropped on its own but is gone with its
     * parent, and the retry is then a no-op. pg_restore reports those as errors.
     */
    void dropSelected(RestoreSession session) {
        List<TocEntry> entries = selection.ordered();
        List<TocEntry> retry = new java.util.ArrayList<>();
        for (int i = entries.size() - 1; i >= 0 && !errors.stopped(); i--) {
            TocEntry entry = entries.get(i);
            boolean database = entry.desc().equals("DATABASE") || entry.desc().equals("DATABASE PROPERTIES");
            if (!selection.isSelected(entry) || (options.create() && !database)) {
                continue;
            }
            String drop = dropStatement(entry);
            if (drop == null) {
                continue;
            }
            try {
                session.prepareFor(entry);
                session.execute(drop);
            } catch (SQLException e) {
                if (options.ifExists()) {
                    retry.add(entry);
                } else {
                    errors.failed(entry, e);
                }
            }
        }
        for (TocEntry entry : retry) {
            if (errors.stopped()) {
                return;
            }
            try {
                session.prepareFor(entry);
                session.execute(dropStatement(entry));
            } catch (SQLException e) {
                errors.failed(entry, e);
            }
        }
    }

    private String dropStatement(TocEntry entry) {
        String drop = options.ifExists() ? EntrySql.dropIfExists(entry) : entry.dropStmt();
        return drop == null || drop.isEmpty() || EntryRestorer.isOnlyComments(drop) ? null : drop;
    }
}
