package dev.sotbackup.input;

import java.io.IOException;

/** A file the user named cannot be used; the message is one line that names it and says why. */
public final class UserFileException extends IOException {
    public UserFileException(String message) {
        super(message);
    }
}
