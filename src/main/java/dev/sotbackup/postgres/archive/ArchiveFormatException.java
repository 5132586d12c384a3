package dev.sotbackup.postgres.archive;

import java.io.IOException;

/**
 * An archive that cannot be read: wrong file type, unsupported version, truncation or corruption. The message is
 * always one line, fit to show the user as is.
 */
public class ArchiveFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ArchiveFormatException(String message) {
        super(oneLine(message));
    }

    public ArchiveFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** The archive ended before {@code what} could be read. */
    static ArchiveFormatException truncated(String what) {
        return new ArchiveFormatException("archive is truncated (" + what + ")");
    }

    private static String oneLine(String message) {
        return message == null ? "archive is invalid" : message.replaceAll("[\\r\\n]+", " ").strip();
    }
}
