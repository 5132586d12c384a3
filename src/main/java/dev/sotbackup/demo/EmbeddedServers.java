package dev.sotbackup.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The servers a NetBox deployment needs, started in this JVM's care: PostgreSQL 15 (binaries from the classpath),
 * Redis and an S3 server, each on 127.0.0.1 and a free port, under one temporary directory. {@link #close} stops
 * them in reverse order and removes the directory — also when the JVM is stopped (Ctrl-C) before that.
 */
public final class EmbeddedServers implements AutoCloseable {

    private final Path root;
    private final Thread shutdownHook;
    private PostgresServer postgres;
    private RedisServer redis;
    private S3Server s3;
    private boolean closed;

    private EmbeddedServers(Path root) {
        this.root = root;
        this.shutdownHook = new Thread(this::closeQuietly, "sot-backup-demo-stop");
    }

    /** Starts all three (the S3 server beside the others); on failure stops what started and rethrows. */
    public static EmbeddedServers start() throws IOException {
        EmbeddedServers servers = new EmbeddedServers(Files.createTempDirectory("sot-backup-demo-"));
        Runtime.getRuntime().addShutdownHook(servers.shutdownHook);
        try {
            servers.startAll();
            return servers;
        } catch (IOException | RuntimeException | Error e) {
            try {
                servers.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void startAll() throws IOException {
        // The S3 server loads most of its classes on start; it comes up while PostgreSQL runs initdb.
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        FutureTask<S3Server> s3Start = new FutureTask<>(() -> S3Server.start("sot-backup-demo",
                HexFormat.of().formatHex(secret)));
        Thread s3Thread = new Thread(s3Start, "sot-backup-demo-s3");
        s3Thread.setDaemon(true);
        s3Thread.start();
        try {
            synchronized (this) {
                redis = RedisServer.start(Files.createDirectories(root.resolve("redis")));
            }
            PostgresServer started = PostgresServer.start(null, null, root.resolve("postgres"));
            synchronized (this) {
                postgres = started;
            }
        } finally {
            S3Server startedS3 = awaitS3(s3Start);
            synchronized (this) {
                s3 = startedS3;
            }
        }
        if (s3 == null) {
            throw new IOException("the S3 server (s3proxy) did not start");
        }
    }

    private static S3Server awaitS3(FutureTask<S3Server> start) throws IOException {
        try {
            return start.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the S3 server", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot start the S3 server (s3proxy): " + e.getCause(), e.getCause());
        }
    }

    /** The temporary directory under which the servers keep their data; removed on close. */
    public Path root() {
        return root;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public RedisServer redis() {
        return redis;
    }

    public S3Server s3() {
        return s3;
    }

    /** Stops S3, Redis, PostgreSQL (each even if another fails) and removes the directory; idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        Exception first = null;
        try {
            if (s3 != null) {
                s3.close();
            }
        } catch (Exception e) {
            first = e;
        }
        try {
            if (redis != null) {
                redis.close();
            }
        } catch (IOException | RuntimeException e) {
            first = first == null ? e : first;
        }
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException | RuntimeException e) {
            first = first == null ? e : first;
        }
        try {
            Cleanup.deleteTree(root);
        } catch (IOException | RuntimeException e) {
            first = first == null ? e : first;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself, or while the JVM exits: nothing to unregister.
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first != null) {
            throw new IOException("stopping the demo's servers failed: " + first.getMessage(), first);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // The JVM is exiting; what could not be stopped goes with it (Redis and PostgreSQL get SIGTERM).
        }
    }
}
