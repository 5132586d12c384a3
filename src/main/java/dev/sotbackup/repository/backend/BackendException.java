package dev.sotbackup.repository.backend;

import java.io.IOException;

/**
 * A storage operation failed. The message is one line an operator can act on: it names the object (when there
 * is one), the repository ({@link Backend#describe()}) and the cause, and never contains credentials. Checked,
 * like the I/O it wraps, so that callers decide where a failed read or write ends the run.
 */
public class BackendException extends IOException {

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
