package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.toc.TocEntry;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** A restore that stopped or ended with errors; the message is one line a user can act on. */
public final class RestoreFailure extends RuntimeException {

    public RestoreFailure(String message) {
        super(message);
    }

    public RestoreFailure(String message, Throwable cause) {
        super(message, cause);
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
