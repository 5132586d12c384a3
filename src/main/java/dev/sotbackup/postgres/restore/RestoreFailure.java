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
        return new RestoreFailure("could not execute " + describe(entry) + ": " + reason(cause), cause);
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
