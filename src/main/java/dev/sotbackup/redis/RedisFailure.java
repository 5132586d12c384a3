package dev.sotbackup.redis;

import java.io.IOException;

/**
 * A Redis problem the user must act on, as one line that names the server (never its password): connection
 * refused, authentication failed, a TLS error, a refused restore.
 */
public final class RedisFailure extends IOException {
    public RedisFailure(String message) {
        super(message);
    }

    public RedisFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
