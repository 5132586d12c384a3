package dev.sotbackup.repository;

import java.io.IOException;

/**
 * A repository operation cannot proceed: wrong password, a conflicting lock, a corrupt or missing object, a
 * refused request. The message is one line an operator can act on and never holds key material or plaintext.
 */
public class RepositoryException extends IOException {
    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
