package dev.sotbackup.testing;

import dev.sotbackup.demo.S3Server;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The in-process S3 server for tests: the demo's {@link S3Server} (s3proxy on 127.0.0.1, in-memory store,
 * path-style) with fixed test credentials. Started once per JVM on first use (thread-safe), stopped by a
 * shutdown hook.
 */
public final class S3Servers {

    public static final String ACCESS_KEY = "sot-test-access-key";
    public static final String SECRET_KEY = "sot-test-secret-key-0123456789";

    private static final FutureTask<S3TestServer> SERVER = new FutureTask<>(S3Servers::startServer);

    private S3Servers() {
    }

    public static S3TestServer start() {
        SERVER.run(); // no-op unless this is the first caller; concurrent callers block in get()
        try {
            return SERVER.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the S3 test server", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start the S3 test server: " + e.getCause(), e.getCause());
        }
    }

    private static S3TestServer startServer() throws Exception {
        S3Server server = S3Server.start(ACCESS_KEY, SECRET_KEY);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // The JVM is exiting; the port goes with it.
            }
        }, "s3proxy-stop"));
        return new S3TestServer(server);
    }
}
