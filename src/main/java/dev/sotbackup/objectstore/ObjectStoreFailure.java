package dev.sotbackup.objectstore;

import java.io.IOException;

/** A bucket that cannot be read or written, said in one line (which bucket, where, and what to fix). */
public final class ObjectStoreFailure extends IOException {

    public ObjectStoreFailure(String message) {
        super(message);
    }

    public ObjectStoreFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
