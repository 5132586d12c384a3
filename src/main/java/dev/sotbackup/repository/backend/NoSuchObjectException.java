package dev.sotbackup.repository.backend;

/** The named object does not exist (get, getRange, size); {@link Backend#exists} answers false instead. */
public final class NoSuchObjectException extends BackendException {

    public NoSuchObjectException(String message) {
        super(message);
    }
}
