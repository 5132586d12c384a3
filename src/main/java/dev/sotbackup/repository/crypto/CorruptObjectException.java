package dev.sotbackup.repository.crypto;

/**
 * A repository object failed its integrity check: the GCM tag did not verify, the zstd frame is malformed,
 * a length disagrees with its record, or a blob does not hash to its id. The message names the object and
 * never contains key material or plaintext.
 */
public final class CorruptObjectException extends Exception {
    public CorruptObjectException(String message) {
        super(message);
    }

    public CorruptObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
