package dev.sotbackup.testing;

import dev.sotbackup.demo.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Throw-away Redis servers for tests: the demo's {@link RedisServer} (127.0.0.1, a free port, no persistence; the
 * redis-server bundled in org.signal:embedded-redis, or the machine's /usr/bin/redis-server). Never the machine's
 * running instance on 6379.
 */
public final class RedisServers {

    private RedisServers() {
    }

    /** A running server; {@code extraArgs} are redis-server options such as "--requirepass", "secret". */
    public static Server start(String... extraArgs) throws IOException {
        return new Server(RedisServer.start(null, extraArgs));
    }

    /** The binary in use; the bundled one if it runs here. */
    public static Path binary() throws IOException {
        return RedisServer.binary();
    }

    public static int freePort() throws IOException {
        return RedisServer.freePort();
    }

    /** A running test server; close stops it and removes its directory. */
    public record Server(RedisServer server) implements AutoCloseable {
        public int port() {
            return server.port();
        }

        public String url() {
            return server.url();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
