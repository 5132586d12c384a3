package dev.sotbackup.postgres.connect;

/**
 * A connection could not be set up: the connection string was malformed, the server was unreachable, refused
 * the credentials, lacks the database, or is too old. The message is one line meant for the user as is; it never
 * contains a password.
 */
public final class ConnectionFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** SQLState behind the failure when the server or driver gave one, else null. */
    private final String sqlState;

    public ConnectionFailure(String message) {
        this(message, null, null);
    }

    public ConnectionFailure(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The SQLState (e.g. 28P01, 3D000) when the failure came from the driver or server, else null. */
    public String sqlState() {
        return sqlState;
    }
}
