package dev.sotbackup.postgres.restore;

/**
 * A safe replace did not happen. The message is one line for the operator: it says that the original database
 * is untouched and names anything that remains to be cleaned up.
 */
public final class ReplaceFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplaceFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
