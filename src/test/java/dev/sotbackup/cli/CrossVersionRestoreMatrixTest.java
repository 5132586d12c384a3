package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Portability of our dumps: a database dumped by us from any supported major (and from the machine's own
 * PostgreSQL, a distribution build whose catalog may hold what upstream does not know) restores, by us, into every
 * major at or above it with the same rows, sequences, large objects, privileges and objects of every kind. Same-
 * server round trips hide portability defects, so every pair is tried. Each source is loaded and dumped once and
 * its archive serves all its targets. The pairs run two at a time (restores are mostly server work and CI has two
 * cores), all scheduled by the first test to ask; each test then reports its own pair.
 */
class CrossVersionRestoreMatrixTest {

    private static final String EVERY_KIND = "every-kind";
    private static final List<String> SCHEMAS = List.of(Fixtures.NETBOX_V42, Fixtures.NETBOX_V37, EVERY_KIND);
    /** The source or target name of the machine's server (127.0.0.1:5432, used only where present). */
    private static final String MACHINE = "machine";
    private static final String ABSENT = "absent";
    private static final int PARALLEL_PAIRS = 2;

    @TempDir
    static Path work;

    private static final Map<String, CompletableFuture<Source>> SOURCES = new ConcurrentHashMap<>();
    private static final Map<String, CompletableFuture<List<String>>> OUTCOMES = new ConcurrentHashMap<>();
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(PARALLEL_PAIRS, task -> {
        Thread thread = new Thread(task, "cross-version-matrix");
        thread.setDaemon(true);
        return thread;
    });
    private static boolean scheduled;

    /** A loaded source database, its snapshot and our archive of it. */
    private record Source(TestServer server, String database, DatabaseSnapshot snapshot, Path archive) {
    }

    static Stream<Arguments> pairs() {
        Optional<TestServer> machine = PostgresServers.machine();
        List<Arguments> pairs = new ArrayList<>();
        for (String schema : SCHEMAS) {
            for (int source : PostgresServers.EMBEDDED_MAJORS) {
                for (int target : PostgresServers.EMBEDDED_MAJORS) {
                    if (target >= source) {
                        pairs.add(Arguments.of(schema, Integer.toString(source), Integer.toString(target)));
                    }
                }
                if (machine.isPresent() && source <= machine.get().majorVersion()) {
                    pairs.add(Arguments.of(schema, Integer.toString(source), MACHINE));
                }
            }
            if (machine.isEmpty()) {
                pairs.add(Arguments.of(schema, MACHINE, ABSENT));
                continue;
            }
            for (int target : PostgresServers.EMBEDDED_MAJORS) {
                if (target >= machine.get().majorVersion()) {
                    pairs.add(Arguments.of(schema, MACHINE, Integer.toString(target)));
                }
            }
            pairs.add(Arguments.of(schema, MACHINE, MACHINE));
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0}: dumped from PostgreSQL {1}, restored into PostgreSQL {2}")
    @MethodSource("pairs")
    void everyDumpRestoresIntoEverySameOrNewerMajor(String schema, String from, String into) {
        assumeTrue(!into.equals(ABSENT),
                "no PostgreSQL server answers at 127.0.0.1:5432: dumps from the machine's own build are not checked");
        scheduleAllPairs();
        List<String> problems = OUTCOMES.get(key(schema, from, into)).join();
        assertTrue(problems.isEmpty(), () -> schema + " dumped from " + from + ", restored into " + into + ":\n"
                + String.join("\n", problems));
    }

    /**
     * What an 18-only feature does on an older server: the restore stops at the entry that uses it with one line
     * naming the entry, the target's major and the server's reason, plus the archive's major; with --replace the
     * same reason comes in the one error line, and neither a scratch database nor a change to the target stays.
     */
    @Test
    void eighteenOnlyFeaturesRestoredIntoAnOlderMajorFailWithOneLineNamingBothMajors() throws SQLException {
        Source source = source(EVERY_KIND, "18").join();
        TestServer older = PostgresServers.embedded(17);
        prepareRoles(older);
        String failure = "could not restore TABLE sot\\.eighteen \\(dumpId \\d+\\) into PostgreSQL 17: .+"
                + " \\(the archive comes from PostgreSQL 18\\)";
        String inPlace = older.createDatabase("older");
        String replaced = older.createDatabase("older");
        try {
            CommandRun restore = CommandRun.of(Environment.empty(), new String[] {"pg", "restore",
                    "-d", older.conninfo(inPlace), source.archive().toString()});
            assertEquals(1, restore.code(), restore::toString);
            // In place, the line also says what the failed restore left behind.
            assertTrue(restore.err().strip().matches("sot-backup: error: " + failure + "; the database \""
                    + inPlace + "\" is now partly restored — .*"), restore::toString);

            CommandRun replace = CommandRun.of(Environment.empty(), new String[] {"pg", "restore", "--replace",
                    "-d", older.conninfo(replaced), source.archive().toString()});
            assertEquals(1, replace.code(), replace::toString);
            List<String> errors = replace.err().lines().filter(line -> line.startsWith("sot-backup: error: ")).toList();
            assertEquals(1, errors.size(), replace::toString);
            assertTrue(errors.get(0).matches("sot-backup: error: .*" + failure), errors.get(0));
            assertEquals("0", query(older, "postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '"
                    + replaced + "\\_%'"), "a scratch database was left behind");
            assertEquals("0", query(older, replaced, "SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = 'sot'"), "the target was changed");
        } finally {
            older.dropDatabase(inPlace);
            older.dropDatabase(replaced);
        }
    }

    @AfterAll
    static void dropSources() {
        WORKERS.shutdownNow();
        for (CompletableFuture<Source> source : SOURCES.values()) {
            Source loaded = source.getNow(null);
            if (loaded != null) {
                loaded.server().dropDatabase(loaded.database());
            }
        }
    }

    private static synchronized void scheduleAllPairs() {
        if (scheduled) {
            return;
        }
        scheduled = true;
        pairs().forEach(arguments -> {
            Object[] pair = arguments.get();
            String schema = (String) pair[0];
            String from = (String) pair[1];
            String into = (String) pair[2];
            OUTCOMES.put(key(schema, from, into), source(schema, from)
                    .thenApplyAsync(source -> restore(source, schema, from, into), WORKERS)
                    .exceptionally(e -> List.of(e.toString())));
        });
    }

    /** The differences between the source and its restored copy; empty when there are none. */
    private static List<String> restore(Source source, String schema, String from, String into) {
        TestServer target = server(into);
        prepareRoles(target);
        String database = target.createDatabase("matrix");
        try {
            CommandRun restore = CommandRun.of(Environment.empty(), new String[] {"pg", "restore",
                    "-d", target.conninfo(database), source.archive().toString()});
            if (restore.code() != 0) {
                return List.of("restore of the " + schema + " dump from " + from + " into " + target + ": " + restore);
            }
            int sourceMajor = source.server().majorVersion();
            if (target.majorVersion() == sourceMajor) {
                return DatabaseSnapshot.differences(source.snapshot(), DatabaseSnapshot.capture(target, database));
            }
            return DatabaseSnapshot.differencesAcrossMajors(source.snapshot(), sourceMajor,
                    DatabaseSnapshot.captureWithoutSchema(target, database), target.majorVersion());
        } finally {
            target.dropDatabase(database);
        }
    }

    private static CompletableFuture<Source> source(String schema, String from) {
        return SOURCES.computeIfAbsent(schema + "@" + from, key -> CompletableFuture.supplyAsync(() -> {
            TestServer server = server(from);
            String database = server.createDatabase("matrix_source");
            if (schema.equals(EVERY_KIND)) {
                EveryKind.load(server, database);
            } else {
                Fixtures.load(server, database, schema);
            }
            Path archive = work.resolve(schema + "-from-" + from + ".pgsql");
            CommandRun dump = CommandRun.of(Environment.empty(), new String[] {"pg", "dump", "-Fc",
                    "-f", archive.toString(), "-d", server.conninfo(database)});
            if (dump.code() != 0) {
                throw new IllegalStateException("dump of " + schema + " on " + server + ": " + dump);
            }
            return new Source(server, database, DatabaseSnapshot.capture(server, database), archive);
        }, WORKERS));
    }

    private static String key(String schema, String from, String into) {
        return schema + "@" + from + ">" + into;
    }

    private static TestServer server(String name) {
        if (name.equals(MACHINE)) {
            return PostgresServers.machine().orElseThrow();
        }
        return PostgresServers.embedded(Integer.parseInt(name));
    }

    /** Roles are cluster-wide: every target needs the owners and grantees of every schema's objects. */
    private static void prepareRoles(TestServer server) {
        server.ensureRole("netbox");
        for (String role : EveryKind.ROLES) {
            server.ensureRole(role);
        }
    }

    private static String query(TestServer server, String database, String sql) throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
