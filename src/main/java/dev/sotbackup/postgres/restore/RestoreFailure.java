package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.toc.TocEntry;
import java.sql.SQLException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** A restore that stopped or ended with errors; the message is one line a user can act on. */
public final class RestoreFailure extends RuntimeException {

    /** SQLSTATEs of "already exists": a restore into a database that is not empty stops at its first object. */
    private static final Set<String> ALREADY_EXISTS = Set.of("42P04", "42P06", "42P07", "42701", "42710", "42712",
            "42723");

    /** Whether statements of the restore committed in the target before it stopped: it is no longer as it was. */
    private final boolean targetChanged;

    public RestoreFailure(String message) {
        this(message, null, false);
    }

    public RestoreFailure(String message, Throwable cause) {
        this(message, cause, false);
    }

    private RestoreFailure(String message, Throwable cause, boolean targetChanged) {
        super(message, cause);
        this.targetChanged = targetChanged;
    }

    /** This failure, known to have come after {@code entriesCommitted} entries committed in the target. */
    RestoreFailure after(int entriesCommitted) {
        return entriesCommitted > 0 == targetChanged ? this
                : new RestoreFailure(getMessage(), getCause(), entriesCommitted > 0);
    }

    /**
     * The line for a restore in place that failed: it says what the failure left in {@code database} and the safe
     * way to do it again. pg_restore leaves the same half-restored database without a word.
     */
    RestoreFailure leftIn(String database) {
        boolean notEmpty = alreadyExists(getCause());
        String advice;
        if (targetChanged) {
            advice = partlyRestored(database, "is now")
                    + (notEmpty ? "; --clean --if-exists drops the archive's objects first" : "");
        } else if (notEmpty) {
            advice = "the database \"" + database + "\" is not empty \u2014 restore with --clean --if-exists (drops "
                    + "the archive's objects first) or with --replace (through a scratch database)";
        } else {
            return this;
        }
        return new RestoreFailure(getMessage() + "; " + advice, getCause(), targetChanged);
    }

    /** What a restore in place that stopped half-way leaves, and the safe way to do it again. */
    static String partlyRestored(String database, String state) {
        return "the database \"" + database + "\" " + state + " partly restored \u2014 drop and recreate it, or "
                + "restore with --replace (through a scratch database)";
    }

    private static boolean alreadyExists(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && ALREADY_EXISTS.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** "could not execute TABLE public.t (dumpId 215): relation "t" already exists". */
    public static RestoreFailure of(TocEntry entry, Throwable cause) {
        return of(entry, cause, 0, 0);
    }

    /**
     * As {@link #of(TocEntry, Throwable)}; when the archive's server and the target are of different majors
     * (both known, i.e. not 0) the line names both, since that difference is the likely reason: "could not restore
     * TABLE public.x (dumpId 6) into PostgreSQL 15: syntax error at or near "NO" (the archive comes from
     * PostgreSQL 18)".
     */
    public static RestoreFailure of(TocEntry entry, Throwable cause, int archiveMajor, int targetMajor) {
        if (archiveMajor == 0 || targetMajor == 0 || archiveMajor == targetMajor) {
            return new RestoreFailure("could not execute " + describe(entry) + ": " + reason(cause), cause);
        }
        return new RestoreFailure("could not restore " + describe(entry) + " into PostgreSQL " + targetMajor + ": "
                + reason(cause) + " (the archive comes from PostgreSQL " + archiveMajor + ")", cause);
    }

    static String describe(TocEntry entry) {
        String name = entry.namespace() == null || entry.namespace().isEmpty() ? entry.tag()
                : entry.namespace() + "." + entry.tag();
        return entry.desc() + " " + name.replace('\n', ' ') + " (dumpId " + entry.dumpId() + ")";
    }

    /** The server's own message when there is one, else the first line of whatever failed. */
    static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PSQLException psql) {
                ServerErrorMessage server = psql.getServerErrorMessage();
                if (server != null && server.getMessage() != null) {
                    return server.getMessage().replace('\n', ' ');
                }
            }
        }
        String text = cause.getMessage();
        if (text == null || text.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        int newline = text.indexOf('\n');
        return (newline >= 0 ? text.substring(0, newline) : text).strip();
    }
}
