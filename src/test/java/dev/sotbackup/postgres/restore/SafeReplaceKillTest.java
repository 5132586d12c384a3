package dev.sotbackup.postgres.restore;

import dev.sotbackup.cli.SotBackup;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The promise, tested the hard way: a replace running in its own JVM is SIGKILLed at several points,
 * and every time the original database is exactly as it was (or, only when the kill landed after the swap
 * committed, the new database is complete and the original is intact under its kept name).
 */
class SafeReplaceKillTest {

    /** What a kill at some point may leave: the original as it was, the completed swap, or either. */
    enum Outcome { UNTOUCHED, SWAPPED, EITHER }

    /**
     * Where the child is killed: {@code pauseAt} makes it wait there (deterministic), {@code killOn} is the
     * phase line on which the test kills it.
     */
    enum KillPoint {
        RIGHT_AFTER_SCRATCH_CREATION("scratch-created", "scratch-created", Outcome.UNTOUCHED),
        MID_LOAD("none", "mid-load", Outcome.UNTOUCHED),
        AFTER_LOAD_BEFORE_SWAP("loaded", "loaded", Outcome.UNTOUCHED),
        /** Killed the moment the swap is announced: the kill races the swap transaction. */
        AS_THE_SWAP_STARTS("none", "swapping", Outcome.EITHER),
        /**
         * Killed while the swap transaction is open: sessions terminated, the first RENAME waiting for a lock on
         * pg_database that the test holds (see {@link #holdSwapInsideItsTransaction}).
         */
        INSIDE_THE_SWAP_TRANSACTION("loaded+stdin", "loaded", Outcome.UNTOUCHED),
        RIGHT_AFTER_THE_SWAP_COMMITTED("swapped", "swapped", Outcome.SWAPPED);

        final String pauseAt;
        final String killOn;
        final Outcome outcome;

        KillPoint(String pauseAt, String killOn, Outcome outcome) {
            this.pauseAt = pauseAt;
            this.killOn = killOn;
            this.outcome = outcome;
        }
    }

    private static final TestServer server = PostgresServers.embedded(15);
    private static String fixtureReference;
    private static DatabaseSnapshot fixtureSnapshot;

    private String target;

    @BeforeAll
    static void loadFixtureReference() {
        fixtureReference = server.createDatabase("killref");
        Fixtures.load(server, fixtureReference, Fixtures.NETBOX_V42); // also creates role netbox for the child
        fixtureSnapshot = DatabaseSnapshot.capture(server, fixtureReference);
    }

    @AfterAll
    static void dropFixtureReference() {
        server.dropDatabase(fixtureReference);
    }

    @AfterEach
    void dropDatabases() throws SQLException {
        if (target != null) {
            for (String related : SafeReplaceTest.databasesStartingWith(server, target)) {
                server.dropDatabase(related);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KillPoint.class)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKilledReplaceLeavesTheOriginalDatabaseAsItWas(KillPoint point, @TempDir Path temp) throws Exception {
        killAndCheck(point, Fixtures.path(Fixtures.NETBOX_V42), false, temp);
    }

    /** The same promise with the real restore engine reading a custom-format archive of the fixture. */
    @ParameterizedTest
    @EnumSource(value = KillPoint.class, names = {"MID_LOAD", "AS_THE_SWAP_STARTS", "RIGHT_AFTER_THE_SWAP_COMMITTED"})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKilledReplaceByTheRestoreEngineLeavesTheOriginalDatabaseAsItWas(KillPoint point, @TempDir Path temp)
            throws Exception {
        Path archive = temp.resolve("netbox.dump");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int exit = SotBackup.run(new String[] {"pg", "dump", "-Fc", "-f", archive.toString(), "-d",
                server.conninfo(fixtureReference)}, out, new PrintWriter(err, true));
        assertEquals(0, exit, "pg dump: " + err);
        killAndCheck(point, archive, true, temp);
    }

    private void killAndCheck(KillPoint point, Path input, boolean engine, Path temp) throws Exception {
        target = server.createDatabase("swapkill");
        SafeReplaceTest.runSql(info(target), SafeReplaceTest.ORIGINAL_CONTENT);
        DatabaseSnapshot original = DatabaseSnapshot.capture(server, target);

        Path stderr = temp.resolve("child.err");
        Process child = new ProcessBuilder(javaExecutable(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SafeReplaceKillChild.class.getName(),
                server.conninfo(target), input.toString(), point.pauseAt, engine ? "engine" : "script")
                .redirectError(stderr.toFile())
                .start();
        String scratch = null;
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.add(line);
                if (line.startsWith("PHASE scratch-created ")) {
                    scratch = line.substring("PHASE scratch-created ".length());
                }
                if (line.equals("PHASE " + point.killOn) || line.startsWith("PHASE " + point.killOn + " ")) {
                    if (point == KillPoint.INSIDE_THE_SWAP_TRANSACTION) {
                        holdSwapInsideItsTransaction(child);
                    } else {
                        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
                    }
                    break;
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child exits after the kill");
        if (child.exitValue() != 137) {
            fail("child was not killed at " + point.killOn + " (exit " + child.exitValue() + "); stdout: " + seen
                    + "; stderr: " + Files.readString(stderr));
        }
        assertNotNull(scratch, "child reported its scratch database: " + seen);

        DatabaseSnapshot after = DatabaseSnapshot.capture(server, target);
        List<String> kept = databasesMatching(target + SafeReplace.KEPT_MARK + "\\d{14}");
        boolean swapped = switch (point.outcome) {
            case UNTOUCHED -> false;
            case SWAPPED -> true;
            case EITHER -> !DatabaseSnapshot.differences(original, after).isEmpty();
        };
        if (swapped) {
            // The swap transaction committed before the kill: all of the new, and all of the old kept aside.
            DatabaseSnapshot.assertSame(fixtureSnapshot, after);
            assertEquals(1, kept.size(), "one kept copy: " + kept);
            DatabaseSnapshot.assertSame(original, DatabaseSnapshot.capture(server, kept.getFirst()));
            assertEquals(List.of(), SafeReplace.leftovers(info(target)), "the scratch database became the target");
        } else {
            DatabaseSnapshot.assertSame(original, after);
            assertEquals(List.of(), kept, "no kept copy without a swap");
            assertEquals(List.of(scratch), SafeReplace.leftovers(info(target)),
                    "the scratch database remains and is reported");
        }
        if (point == KillPoint.MID_LOAD) {
            assertTrue(publicTables(scratch) > 0, "the kill landed while tables were being loaded");
        }
        if (point == KillPoint.AFTER_LOAD_BEFORE_SWAP) {
            DatabaseSnapshot.assertSame(fixtureSnapshot, DatabaseSnapshot.capture(server, scratch));
        }
        System.out.println("kill " + (engine ? "engine " : "script ") + point + ": "
                + (swapped ? "swap had committed" : "original untouched")
                + ", leftovers " + SafeReplace.leftovers(info(target)));
    }

    /**
     * Lets the paused child go on into the swap while this test holds a lock on the target's database object
     * (COMMENT ON DATABASE takes SHARE UPDATE EXCLUSIVE until commit, from a session in another database, so it
     * is neither terminated nor counted as a user of the target). The child's first {@code ALTER DATABASE ...
     * RENAME} needs ACCESS EXCLUSIVE on that object; once its backend waits for it (its transaction open, the
     * target's sessions already terminated), the test kills the child, then releases the lock so that the
     * orphaned backend runs into the closed connection and rolls back. (The polling runs on its own autocommit
     * connection: pg_stat_activity is a snapshot taken once per transaction.)
     */
    private void holdSwapInsideItsTransaction(Process child) throws Exception {
        try (Connection locker = server.connect("postgres"); Connection observer = server.connect("postgres");
             Statement statement = observer.createStatement()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("COMMENT ON DATABASE " + target + " IS NULL");
            }
            child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            String waiting = null;
            for (int i = 0; i < 3000 && waiting == null; i++) {
                try (ResultSet rows = statement.executeQuery("SELECT a.query FROM pg_locks l"
                        + " JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE NOT l.granted AND l.locktype = 'object'"
                        + " AND l.classid = 'pg_catalog.pg_database'::regclass"
                        + " AND l.objid = (SELECT oid FROM pg_database WHERE datname = '" + target + "')")) {
                    waiting = rows.next() ? rows.getString(1) : null;
                }
                if (waiting == null) {
                    Thread.sleep(20);
                }
            }
            assertNotNull(waiting, "the child's swap reached the RENAME");
            assertTrue(waiting.startsWith("ALTER DATABASE " + target + " RENAME"), waiting);
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child exits after the kill");
            locker.rollback();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static ConnInfo info(String database) {
        return ConnInfo.parse(server.conninfo(database));
    }

    private static List<String> databasesMatching(String regex) throws SQLException {
        return SafeReplaceTest.databasesStartingWith(server, "").stream().filter(d -> d.matches(regex)).toList();
    }

    private static int publicTables(String database) throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
