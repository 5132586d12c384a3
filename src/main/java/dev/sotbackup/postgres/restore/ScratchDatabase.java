package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionFailure;
import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.report.Reporter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scratch database created by {@link SafeReplace#prepare} beside the database it is to replace: filled by
 * {@link #load}, put in place by {@link #swapIn}, or dropped by {@link #discard}. Until the swap commits, the
 * database it replaces is not modified at all.
 *
 * @param name       the name of the database this one replaces
 * @param scratch    this database's own (scratch) name
 * @param kept       the name the original gets at the swap, or null when there is no original (the swap creates
 *                   the database)
 * @param scratchOid the scratch database's OID, which a rename keeps: how a lost swap is looked up
 * @param versionNum the server's version number, which decides the statements that copy the original's state
 */
public record ScratchDatabase(ConnInfo target, String name, String scratch, String kept, long scratchOid,
                              int versionNum, Reporter reporter) {

    /**
     * Runs {@code step} into the scratch database, then gives it the original's database-level privileges and
     * settings (not before the restore, which a {@code statement_timeout} or {@code default_transaction_read_only}
     * on the database would break). On failure the scratch database is dropped.
     *
     * @throws ReplaceFailure the step failed; the original is untouched and the message says so
     */
    public void load(RestoreStep step) {
        reporter.info("restoring into scratch database " + Identifiers.quote(scratch));
        try {
            step.restoreInto(target.withDatabase(scratch));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw abandon("restore failed", e);
        }
        if (kept != null) {
            try (Connection maintenance = SafeReplace.openMaintenance(target)) {
                for (String sql : SafeReplaceSettings.statements(maintenance, name, scratch, versionNum)) {
                    SafeReplace.execute(maintenance, sql);
                }
            } catch (SQLException | ConnectionFailure e) {
                throw abandon("could not copy the privileges and settings of " + Identifiers.quote(name), e);
            }
        }
    }

    /**
     * Puts the scratch database in place: one transaction terminates the sessions on the original, renames it to
     * {@code <name>_before_<time>}, renames the scratch database to the name and gives it the original's comment
     * (which replaces the owner record). On failure the scratch database is dropped and the original is untouched.
     *
     * @throws ReplaceFailure the swap did not happen (or, after a lost connection, it cannot be told whether it
     *                        did: the message says how to find out)
     */
    public SwappedDatabase swapIn() {
        reporter.info("swapping " + Identifiers.quote(scratch) + " in as " + Identifiers.quote(name)
                + (kept != null ? ", previous kept as " + Identifiers.quote(kept) : ""));
        List<String> sessionsOn = new ArrayList<>(List.of(name, scratch));
        try {
            SafeReplace.renameInOneTransaction(target, sessionsOn, maintenance -> {
                String comment = SafeReplace.comment(maintenance, name);
                try (Statement statement = maintenance.createStatement()) {
                    if (kept != null) {
                        statement.execute("ALTER DATABASE " + Identifiers.quote(name) + " RENAME TO "
                                + Identifiers.quote(kept));
                    }
                    statement.execute("ALTER DATABASE " + Identifiers.quote(scratch) + " RENAME TO "
                            + Identifiers.quote(name));
                    statement.execute("COMMENT ON DATABASE " + Identifiers.quote(name) + " IS "
                            + (comment == null ? "NULL" : Identifiers.literal(comment)));
                }
            }, reporter);
        } catch (SQLException | ConnectionFailure e) {
            // The connection may have broken while COMMIT was in flight: ask the server what happened.
            Optional<Boolean> committed = swapCommitted();
            if (committed.isEmpty()) {
                throw new ReplaceFailure("lost the connection during the swap and cannot tell whether it committed ("
                        + SafeReplace.oneLine(e) + "): if database " + Identifiers.quote(scratch) + " still exists, "
                        + "database " + Identifiers.quote(name) + " is untouched and "
                        + SafeReplace.dropStatement(scratch) + " cleans up; otherwise the swap happened and the "
                        + "previous database is " + (kept != null ? Identifiers.quote(kept) : "absent"), e);
            }
            if (!committed.get()) {
                throw abandon("could not swap the restored database in", e);
            }
        }
        return new SwappedDatabase(target, name, scratch, kept, reporter);
    }

    /** Drops the scratch database (best effort); says what became of it, for the operator. */
    public String discard() {
        return SafeReplace.dropIfPresent(target, scratch);
    }

    /**
     * Drops the scratch database (best effort) and returns the failure to throw: one line saying the original
     * is untouched and, when the scratch database could not be dropped, how to drop it.
     */
    ReplaceFailure abandon(String what, Exception e) {
        return new ReplaceFailure(what + "; database " + Identifiers.quote(name)
                + (kept != null ? " is untouched (" : " was not created (") + discard() + "): "
                + SafeReplace.oneLine(e), e);
    }

    /**
     * Whether the scratch database (known by its OID, which a rename keeps) now bears the target's name, i.e.
     * the swap transaction committed; empty when the server cannot be asked.
     */
    private Optional<Boolean> swapCommitted() {
        try (Connection maintenance = SafeReplace.openMaintenance(target);
             PreparedStatement statement = maintenance.prepareStatement(
                     "SELECT datname FROM pg_catalog.pg_database WHERE oid::int8 = ?")) {
            statement.setLong(1, scratchOid);
            try (ResultSet rows = statement.executeQuery()) {
                return Optional.of(rows.next() && name.equals(rows.getString(1)));
            }
        } catch (SQLException | ConnectionFailure e) {
            return Optional.empty();
        }
    }
}
