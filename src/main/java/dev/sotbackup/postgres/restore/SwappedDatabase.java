package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionFailure;
import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.report.Reporter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A restored database swapped in by {@link ScratchDatabase#swapIn}, its previous contents still kept under
 * {@code <name>_before_<time>}: {@link #finish} ends the replace (dropping the previous database if asked), or
 * {@link #swapBack} undoes it when a later step of a larger restore failed.
 *
 * @param name    the replaced (or created) database's name
 * @param scratch the name the restored database had before the swap, and gets back at a swap back
 * @param kept    the name the previous database is kept under, or null when there was none
 */
public record SwappedDatabase(ConnInfo target, String name, String scratch, String kept, Reporter reporter) {

    /**
     * Ends the replace: with {@code dropPrevious} the previous database is dropped (a failure to drop it is
     * reported, not thrown: the new one is in place either way).
     */
    public ReplaceResult finish(boolean dropPrevious) {
        String previous = kept;
        if (previous != null && dropPrevious) {
            try (Connection maintenance = SafeReplace.openMaintenance(target)) {
                SafeReplace.dropDatabase(maintenance, previous, SafeReplace.serverVersionNum(maintenance));
                reporter.info("dropped previous database (was " + Identifiers.quote(previous) + ")");
                previous = null;
            } catch (SQLException | ConnectionFailure e) {
                reporter.info("database " + Identifiers.quote(name) + " replaced, but the previous one could not"
                        + " be dropped (" + SafeReplace.oneLine(e) + "); drop it with: "
                        + SafeReplace.dropStatement(previous));
            }
        }
        reporter.info("database " + Identifiers.quote(name) + " replaced"
                + (previous != null ? "; previous kept as " + Identifiers.quote(previous) : ""));
        return new ReplaceResult(name, previous);
    }

    /**
     * Puts the previous database back under its name, in one transaction as the swap did (the restored one goes
     * back to its scratch name, marked as this process's again), then drops the restored one. When there was no
     * previous database, the restored one is renamed away and dropped, so the name is free again as before.
     *
     * @return what became of the restored database, for the operator ("scratch database x dropped", …)
     * @throws ReplaceFailure the previous database could not be put back; the message says where each one is
     *                        and the statements that finish the job
     */
    public String swapBack() {
        reporter.info("swapping " + Identifiers.quote(name) + " back"
                + (kept != null ? ": " + Identifiers.quote(kept) + " becomes " + Identifiers.quote(name) + " again"
                : " out: it did not exist before"));
        try {
            SafeReplace.renameInOneTransaction(target, List.of(name), maintenance -> {
                try (Statement statement = maintenance.createStatement()) {
                    statement.execute("ALTER DATABASE " + Identifiers.quote(name) + " RENAME TO "
                            + Identifiers.quote(scratch));
                    if (kept != null) {
                        statement.execute("ALTER DATABASE " + Identifiers.quote(kept) + " RENAME TO "
                                + Identifiers.quote(name));
                    }
                    // Should the drop below fail, the next replace knows whose leftover this is.
                    statement.execute("COMMENT ON DATABASE " + Identifiers.quote(scratch) + " IS "
                            + Identifiers.literal(ScratchOwner.current().comment()));
                }
            }, reporter);
        } catch (SQLException | ConnectionFailure e) {
            throw new ReplaceFailure("could not swap database " + Identifiers.quote(name) + " back ("
                    + SafeReplace.oneLine(e) + "): it holds the restored contents"
                    + (kept != null ? ", the previous ones are in " + Identifiers.quote(kept) + "; to go back: ALTER"
                    + " DATABASE " + Identifiers.quote(name) + " RENAME TO " + Identifiers.quote(scratch)
                    + "; ALTER DATABASE " + Identifiers.quote(kept) + " RENAME TO " + Identifiers.quote(name) + ";"
                    : "; it did not exist before: " + SafeReplace.dropStatement(name)), e);
        }
        return SafeReplace.dropIfPresent(target, scratch);
    }
}
