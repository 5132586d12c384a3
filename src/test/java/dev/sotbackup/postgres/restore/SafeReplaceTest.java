package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.script.SqlScriptRunner;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeReplaceTest {

    /** 2024-05-06 07:08:09 UTC: every name made with this clock ends in 20240506070809. */
    private static final Clock FIXED = Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC);
    private static final String STAMP = "20240506070809";

    static final String ORIGINAL_CONTENT = """
            CREATE TABLE public.dcim_site (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE);
            INSERT INTO public.dcim_site (name) SELECT 'site ' || g FROM generate_series(1, 50) g;
            CREATE VIEW public.site_names AS SELECT name FROM public.dcim_site;
            COMMENT ON TABLE public.dcim_site IS 'the original';
            """;

    private static final TestServer server = PostgresServers.embedded(15);
    private static String fixtureReference;
    private static DatabaseSnapshot fixtureSnapshot;

    private final List<String> databases = new ArrayList<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void loadFixtureReference() {
        fixtureReference = server.createDatabase("swapref");
        Fixtures.load(server, fixtureReference, Fixtures.NETBOX_V42);
        fixtureSnapshot = DatabaseSnapshot.capture(server, fixtureReference);
    }

    @AfterAll
    static void dropFixtureReference() {
        server.dropDatabase(fixtureReference);
    }

    @AfterEach
    void dropDatabases() throws SQLException {
        for (String name : databases) {
            for (String related : databasesStartingWith(server, name)) {
                server.dropDatabase(related);
            }
        }
    }

    @Test
    void replacesExistingDatabaseAndKeepsThePreviousOneUnderBeforeName() {
        String target = originalDatabase("swap");
        DatabaseSnapshot original = DatabaseSnapshot.capture(server, target);

        ReplaceResult result = SafeReplace.replace(info(target), new ReplaceOptions(false, FIXED),
                scratch -> Fixtures.load(server, scratch.dbname(), Fixtures.NETBOX_V42), Reporter.lines(progress::add));

        String kept = target + "_before_" + STAMP;
        assertEquals(new ReplaceResult(target, kept), result);
        DatabaseSnapshot.assertSame(fixtureSnapshot, DatabaseSnapshot.capture(server, target));
        DatabaseSnapshot.assertSame(original, DatabaseSnapshot.capture(server, kept));
        assertEquals(List.of(), SafeReplace.leftovers(info(target)), "no scratch database may remain");
        assertTrue(progress.stream().anyMatch(m -> m.startsWith("swapping")), progress.toString());
    }

    @Test
    void dropPreviousRemovesTheOldDatabaseAfterTheSwap() throws SQLException {
        String target = originalDatabase("swapdrop");

        ReplaceResult result = SafeReplace.replace(info(target), new ReplaceOptions(true, FIXED),
                scratch -> runSql(scratch, "CREATE TABLE public.replaced (id int)"), Reporter.lines(progress::add));

        assertEquals(new ReplaceResult(target, null), result);
        assertEquals(List.of(target), databasesStartingWith(server, target));
        assertEquals(1, count(target, "SELECT count(*) FROM pg_class WHERE relname = 'replaced'"));
        assertEquals(0, count(target, "SELECT count(*) FROM pg_class WHERE relname = 'dcim_site'"));
    }

    @Test
    void aTargetThatDoesNotExistIsCreated() throws SQLException {
        String target = uniqueName("swapnew");

        ReplaceResult result = SafeReplace.replace(info(target), new ReplaceOptions(false, FIXED),
                scratch -> runSql(scratch, ORIGINAL_CONTENT), Reporter.lines(progress::add));

        assertEquals(new ReplaceResult(target, null), result);
        assertEquals(List.of(target), databasesStartingWith(server, target));
        assertEquals(50, count(target, "SELECT count(*) FROM public.dcim_site"));
    }

    @Test
    void aStepFailingHalfWayLeavesTheTargetUntouchedAndNoScratchDatabase() throws SQLException {
        String target = originalDatabase("swapfail");
        DatabaseSnapshot original = DatabaseSnapshot.capture(server, target);
        AtomicInteger tablesLoadedBeforeFailure = new AtomicInteger();

        ReplaceFailure failure = assertThrows(ReplaceFailure.class, () -> SafeReplace.replace(info(target),
                new ReplaceOptions(false, FIXED), scratch -> {
                    server.ensureRole("netbox");
                    try (Connection connection = Connector.open(scratch);
                         InputStream script = failingAfter(Fixtures.path(Fixtures.NETBOX_V42), 1_500_000)) {
                        try {
                            new SqlScriptRunner(connection).run(script, "netbox-demo-v4.2.sql");
                        } finally {
                            tablesLoadedBeforeFailure.set(count(connection,
                                    "SELECT count(*) FROM pg_class"
                                            + " WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"));
                        }
                    }
                }, Reporter.lines(progress::add)));

        assertTrue(tablesLoadedBeforeFailure.get() > 10, "the step failed half-way, after loading "
                + tablesLoadedBeforeFailure.get() + " tables");
        String message = failure.getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.contains("database " + target + " is untouched"), message);
        assertTrue(message.contains("scratch database " + target + "_sotrestore_" + STAMP + " dropped"), message);
        assertTrue(message.contains("simulated read failure"), message);
        DatabaseSnapshot.assertSame(original, DatabaseSnapshot.capture(server, target));
        assertEquals(List.of(target), databasesStartingWith(server, target), "no scratch or kept database");
    }

    @Test
    void aFailedReplaceOfADatabaseThatDidNotExistLeavesNothingBehind() throws SQLException {
        String target = uniqueName("swapnone");

        ReplaceFailure failure = assertThrows(ReplaceFailure.class, () -> SafeReplace.replace(info(target),
                new ReplaceOptions(false, FIXED), scratch -> {
                    runSql(scratch, "CREATE TABLE public.partial (id int)");
                    throw new IllegalStateException("archive ends early\n  at entry 42");
                }, Reporter.lines(progress::add)));

        assertEquals("restore failed; database " + target + " was not created (scratch database " + target
                + "_sotrestore_" + STAMP + " dropped): archive ends early at entry 42", failure.getMessage());
        assertEquals(List.of(), databasesStartingWith(server, target));
    }

    @Test
    void sessionsOnTheTargetAreTerminatedAndTheSwapSucceeds() throws Exception {
        String target = originalDatabase("swapbusy");
        try (Connection idleInTransaction = server.connect(target)) {
            idleInTransaction.setAutoCommit(false);
            count(idleInTransaction, "SELECT count(*) FROM public.dcim_site"); // holds a lock on the table

            ReplaceResult result = SafeReplace.replace(info(target), new ReplaceOptions(false, FIXED),
                    scratch -> runSql(scratch, "CREATE TABLE public.replaced (id int)"), Reporter.lines(progress::add));

            assertEquals(target + "_before_" + STAMP, result.previousKeptAs());
            assertThrows(SQLException.class, () -> count(idleInTransaction, "SELECT 1"),
                    "the session on the old database was terminated");
        }
        assertEquals(1, count(target, "SELECT count(*) FROM pg_class WHERE relname = 'replaced'"));
        assertTrue(progress.stream().anyMatch(m -> m.startsWith("terminated 1 session")), progress.toString());
    }

    @Test
    void anApplicationReconnectingInALoopDoesNotStopTheSwap() throws Exception {
        String target = originalDatabase("swappool");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger connections = new AtomicInteger();
        // Like a NetBox worker pool: connect, query, disconnect, again and again, ignoring failures.
        Thread pool = new Thread(() -> {
            while (!stop.get()) {
                try (Connection c = server.connect(target)) {
                    count(c, "SELECT count(*) FROM pg_class");
                    connections.incrementAndGet();
                } catch (SQLException ignored) {
                    // refused or terminated while the names change: reconnect
                }
            }
        });
        pool.start();
        try {
            ReplaceResult result = SafeReplace.replace(info(target), new ReplaceOptions(false, FIXED), scratch -> {
                while (connections.get() < 20) {
                    Thread.sleep(10); // make sure the pool is busy before the swap
                }
                runSql(scratch, "CREATE TABLE public.replaced (id int)");
            }, Reporter.lines(progress::add));
            assertEquals(target + "_before_" + STAMP, result.previousKeptAs());
        } finally {
            stop.set(true);
            pool.join();
        }
        assertEquals(1, count(target, "SELECT count(*) FROM pg_class WHERE relname = 'replaced'"));
    }

    @Test
    void scratchDatabasesOfInterruptedRunsAreReportedWithTheirDropStatementButKept() throws SQLException {
        String target = originalDatabase("swapleft");
        String leftover = target + "_sotrestore_20200101000000";
        server.execute("CREATE DATABASE " + leftover);
        String notOurs = target + "_sotrestore_manual";
        server.execute("CREATE DATABASE " + notOurs);

        assertEquals(List.of(leftover), SafeReplace.leftovers(info(target)));
        SafeReplace.replace(info(target), new ReplaceOptions(false, FIXED),
                scratch -> runSql(scratch, "CREATE TABLE public.replaced (id int)"), Reporter.lines(progress::add));

        assertTrue(progress.stream().anyMatch(m -> m.contains(leftover)
                        && m.endsWith("DROP DATABASE " + leftover + ";")),
                progress.toString());
        assertEquals(List.of(leftover), SafeReplace.leftovers(info(target)), "reported, not dropped");
    }

    @Test
    void aLeftoverOfADeadProcessOnThisHostIsDroppedAndOthersAreReportedWithTheirDropStatement() throws Exception {
        String target = originalDatabase("swapowned");
        // A process that ran on this host and is gone: its pid, taken from a real short-lived process.
        Process shortLived = new ProcessBuilder("true").start();
        ScratchOwner dead = new ScratchOwner(dev.sotbackup.repository.HostIdentity.hostname(), shortLived.pid(),
                shortLived.toHandle().info().startInstant().orElse(null));
        shortLived.waitFor();
        String ofDeadProcess = target + "_sotrestore_20200101000000";
        String ofLiveProcess = target + "_sotrestore_20200101000001";
        String ofOtherHost = target + "_sotrestore_20200101000002";
        plantLeftover(ofDeadProcess, dead.comment());
        plantLeftover(ofLiveProcess, ScratchOwner.current().comment()); // this JVM: alive
        plantLeftover(ofOtherHost, new ScratchOwner("elsewhere.example", dead.pid(), null).comment());

        SafeReplace.replace(info(target), new ReplaceOptions(false, FIXED),
                scratch -> runSql(scratch, "CREATE TABLE public.replaced (id int)"), Reporter.lines(progress::add));

        assertEquals(List.of(ofLiveProcess, ofOtherHost), SafeReplace.leftovers(info(target)));
        assertTrue(progress.stream().anyMatch(m -> m.startsWith("dropped scratch database " + ofDeadProcess)
                && m.contains("pid " + dead.pid())), progress.toString());
        assertTrue(progress.stream().anyMatch(m -> m.contains(ofLiveProcess) && m.contains("still running")
                && m.endsWith("DROP DATABASE " + ofLiveProcess + ";")), progress.toString());
        assertTrue(progress.stream().anyMatch(m -> m.contains(ofOtherHost) && m.contains("another host")
                && m.endsWith("DROP DATABASE " + ofOtherHost + ";")), progress.toString());
    }

    @Test
    void theScratchDatabaseRecordsItsOwnerUntilTheSwapGivesItTheOriginalsComment() throws SQLException {
        String target = originalDatabase("swapmark");
        server.execute("COMMENT ON DATABASE " + target + " IS 'NetBox production'");

        ScratchDatabase scratch = SafeReplace.prepare(info(target), new ReplaceOptions(false, FIXED),
                Reporter.lines(progress::add));
        String owner = comment(scratch.scratch());
        scratch.load(into -> runSql(into, "CREATE TABLE public.replaced (id int)"));
        scratch.swapIn().finish(false);

        assertEquals(java.util.Optional.of(ScratchOwner.current()).map(ScratchOwner::comment),
                ScratchOwner.parse(owner).map(ScratchOwner::comment), owner);
        assertEquals("NetBox production", comment(target));
        assertEquals("NetBox production", comment(target + "_before_" + STAMP));
    }

    @Test
    void swappingBackPutsThePreviousDatabaseInPlaceAndDropsTheRestoredOne() throws SQLException {
        String target = originalDatabase("swapback");
        DatabaseSnapshot original = DatabaseSnapshot.capture(server, target);
        ScratchDatabase scratch = SafeReplace.prepare(info(target), new ReplaceOptions(false, FIXED),
                Reporter.lines(progress::add));
        scratch.load(into -> runSql(into, "CREATE TABLE public.replaced (id int)"));
        SwappedDatabase swapped = scratch.swapIn();
        assertEquals(1, count(target, "SELECT count(*) FROM pg_class WHERE relname = 'replaced'"));

        String cleanup = swapped.swapBack();

        assertEquals("scratch database " + target + "_sotrestore_" + STAMP + " dropped", cleanup);
        DatabaseSnapshot.assertSame(original, DatabaseSnapshot.capture(server, target));
        assertEquals(List.of(target), databasesStartingWith(server, target), "no kept or scratch database");
    }

    @Test
    void swappingBackADatabaseThatDidNotExistRemovesItAgain() throws SQLException {
        String target = uniqueName("swapbacknew");
        ScratchDatabase scratch = SafeReplace.prepare(info(target), new ReplaceOptions(false, FIXED),
                Reporter.lines(progress::add));
        scratch.load(into -> runSql(into, ORIGINAL_CONTENT));
        scratch.swapIn().swapBack();
        assertEquals(List.of(), databasesStartingWith(server, target));
    }

    @Test
    void theRightsCheckNamesWhatTheRoleLacksInOneLine() throws Exception {
        String suffix = "_" + ProcessHandle.current().pid() + "_" + Long.toString(System.nanoTime(), 36);
        String noCreatedb = "swaprights_plain" + suffix;
        String notOwner = "swaprights_creator" + suffix;
        String owner = "swaprights_owner" + suffix;
        String target = originalDatabase("swaprights");
        server.execute("CREATE ROLE " + noCreatedb + " LOGIN");
        server.execute("CREATE ROLE " + notOwner + " LOGIN CREATEDB");
        server.execute("CREATE ROLE " + owner + " LOGIN CREATEDB");
        server.execute("ALTER DATABASE " + target + " OWNER TO " + owner);
        try {
            ReplaceFailure plain = assertThrows(ReplaceFailure.class, () -> SafeReplace.check(as(target, noCreatedb)));
            assertEquals("role " + noCreatedb + " may not create databases (CREATEDB), which replacing database "
                    + target + " through a scratch database needs", plain.getMessage());
            ReplaceFailure creator = assertThrows(ReplaceFailure.class,
                    () -> SafeReplace.check(as(target, notOwner)));
            assertTrue(creator.getMessage().startsWith("role " + notOwner + " is not a member of " + owner
                    + ", the owner of database " + target), creator.getMessage());

            SafeReplace.check(as(target, owner)); // the owner with CREATEDB may, while nobody else is connected
            try (Connection superuserSession = server.connect(target)) {
                ReplaceFailure sessions = assertThrows(ReplaceFailure.class,
                        () -> SafeReplace.check(as(target, owner)));
                assertTrue(sessions.getMessage().startsWith("role " + owner + " may not terminate 1 of the sessions"
                        + " open on database " + target), sessions.getMessage());
            }
            SafeReplace.check(info(target)); // a superuser may do everything
        } finally {
            server.execute("ALTER DATABASE " + target + " OWNER TO " + server.superuser());
            for (String role : List.of(noCreatedb, notOwner, owner)) {
                server.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void namesThatNeedQuotingAndNamesAtTheLengthLimitAreReplaced() throws SQLException {
        String quoted = "Swap \"Prod\" " + Long.toString(System.nanoTime(), 36);
        String longest = ("swaplong_" + Long.toString(System.nanoTime(), 36) + "_x".repeat(30)).substring(0, 63);
        for (String target : List.of(quoted, longest)) {
            databases.add(target);
            server.execute("CREATE DATABASE " + quoteIdentifier(target));

            ReplaceResult result = SafeReplace.replace(info(target), new ReplaceOptions(false, FIXED),
                    scratch -> runSql(scratch, "CREATE TABLE public.replaced (id int)"), Reporter.lines(progress::add));

            String expectedKept = SafeReplace.keptName(target, STAMP);
            assertEquals(expectedKept, result.previousKeptAs());
            assertTrue(expectedKept.getBytes(StandardCharsets.UTF_8).length <= 63, expectedKept);
            assertEquals(List.of(target, expectedKept).stream().sorted().toList(),
                    allDatabases().stream().filter(d -> d.equals(target) || d.equals(expectedKept)).sorted().toList());
            assertEquals(1, count(target, "SELECT count(*) FROM pg_class WHERE relname = 'replaced'"));
            server.dropDatabase(expectedKept);
        }
    }

    @Test
    void generatedNamesFitIn63BytesWithoutSplittingCharactersAndKeepTheirSuffix() {
        String ascii = "n".repeat(70);
        String scratch = SafeReplace.scratchName(ascii, STAMP);
        assertEquals(63, scratch.length());
        assertTrue(scratch.endsWith("_sotrestore_" + STAMP), scratch);

        String multibyte = "ü".repeat(40); // 2 bytes each
        String kept = SafeReplace.keptName(multibyte, STAMP);
        assertEquals("ü".repeat(20) + "_before_" + STAMP, kept, "41 bytes of room hold 20 whole ü");

        assertEquals("netbox_sotrestore_" + STAMP, SafeReplace.scratchName("netbox", STAMP));
    }

    @Test
    void privilegesSettingsCommentAndConnectionLimitOfTheDatabaseAreCarriedOverAfterTheRestore()
            throws SQLException {
        server.ensureRole("netbox");
        String target = originalDatabase("swapattrs");
        for (String sql : List.of(
                "REVOKE CONNECT, TEMPORARY ON DATABASE " + target + " FROM PUBLIC",
                "GRANT CONNECT, CREATE ON DATABASE " + target + " TO netbox",
                "GRANT TEMPORARY ON DATABASE " + target + " TO netbox WITH GRANT OPTION",
                "ALTER DATABASE " + target + " SET search_path = \"$user\", public, \"Extras x\"",
                // Would make the restore fail if it were applied to the scratch database before the restore.
                "ALTER DATABASE " + target + " SET default_transaction_read_only = on",
                "ALTER ROLE netbox IN DATABASE " + target + " SET work_mem = '8MB'",
                "COMMENT ON DATABASE " + target + " IS 'NetBox ''prod'''",
                "ALTER DATABASE " + target + " CONNECTION LIMIT 50")) {
            server.execute(sql);
        }
        String before = databaseLevelState(target);

        SafeReplace.replace(info(target), new ReplaceOptions(false, FIXED),
                scratch -> runSql(scratch, "CREATE TABLE public.replaced (id int)"), Reporter.lines(progress::add));

        assertEquals(before, databaseLevelState(target));
        assertEquals(before, databaseLevelState(target + "_before_" + STAMP), "the kept copy keeps them too");
        assertTrue(before.contains("search_path=\"$user\", public, \"Extras x\""), before);
        assertEquals(1, count(target, "SELECT count(*) FROM pg_class WHERE relname = 'replaced'"));
    }

    @Test
    void listSettingsAreQuotedItemByItemLikePgDumpDoes() {
        assertEquals("'$user', 'public', 'Extras x'", SafeReplaceSettings.value("search_path",
                "\"$user\", public, \"Extras x\""));
        assertEquals("'8MB'", SafeReplaceSettings.value("work_mem", "8MB"));
        assertEquals("'a, b'", SafeReplaceSettings.value("application_name", "a, b"));
        assertEquals("''", SafeReplaceSettings.value("search_path", ""));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void theNewDatabaseHasTheOriginalsEncodingLocaleAndOwner(int major) throws SQLException {
        TestServer versioned = PostgresServers.embedded(major);
        versioned.ensureRole("netbox");
        String target = uniqueName("swaplocale");
        String provider = major >= 15 ? " LOCALE_PROVIDER = icu ICU_LOCALE = 'de-DE'" : "";
        versioned.execute("CREATE DATABASE " + target + " TEMPLATE = template0 ENCODING = 'LATIN1'"
                + " LC_COLLATE = 'C' LC_CTYPE = 'C'" + provider + " OWNER = netbox");
        try {
            String before = properties(versioned, target);

            SafeReplace.replace(ConnInfo.parse(versioned.conninfo(target)), new ReplaceOptions(true, FIXED),
                    scratch -> runSql(scratch, "CREATE TABLE public.replaced (id int)"), Reporter.lines(progress::add));

            assertEquals(before, properties(versioned, target));
            assertTrue(before.contains("LATIN1|C|C|netbox"), before);
            if (major >= 15) {
                assertTrue(before.endsWith("|i|de-DE"), before);
            }
        } finally {
            versioned.dropDatabase(target);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void plantLeftover(String name, String comment) {
        server.execute("CREATE DATABASE " + name);
        server.execute("COMMENT ON DATABASE " + name + " IS '" + comment.replace("'", "''") + "'");
    }

    private static String comment(String database) throws SQLException {
        try (Connection connection = server.connect("postgres");
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), database + " exists");
                return rows.getString(1);
            }
        }
    }

    private static ConnInfo as(String database, String role) {
        return ConnInfo.parse("host=" + server.host() + " port=" + server.port() + " user=" + role + " dbname="
                + database);
    }

    private String originalDatabase(String prefix) {
        String target = server.createDatabase(prefix);
        databases.add(target);
        try {
            runSql(info(target), ORIGINAL_CONTENT);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return target;
    }

    private String uniqueName(String prefix) {
        String name = server.createDatabase(prefix);
        server.dropDatabase(name);
        databases.add(name);
        return name;
    }

    private static ConnInfo info(String database) {
        return ConnInfo.parse(server.conninfo(database));
    }

    static void runSql(ConnInfo database, String sql) throws SQLException {
        try (Connection connection = Connector.open(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String database, String sql) throws SQLException {
        try (Connection connection = server.connect(database)) {
            return count(connection, sql);
        }
    }

    private static int count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String properties(TestServer on, String database) throws SQLException {
        String provider = on.majorVersion() >= 17 ? ", datlocprovider, datlocale"
                : on.majorVersion() >= 15 ? ", datlocprovider, daticulocale" : "";
        try (Connection connection = on.connect("postgres");
             PreparedStatement statement = connection.prepareStatement("SELECT concat_ws('|',"
                     + " pg_encoding_to_char(encoding), datcollate, datctype, pg_get_userbyid(datdba), datallowconn"
                     + provider + ") FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), database + " exists");
                return rows.getString(1).replace("|true|", "|").replace("|true", "");
            }
        }
    }

    /** Connection limit, comment, ACL items (sorted) and per-role settings of a database, as one string. */
    private static String databaseLevelState(String database) throws SQLException {
        try (Connection connection = server.connect("postgres");
             PreparedStatement statement = connection.prepareStatement("SELECT concat_ws(' | ', d.datconnlimit,"
                     + " shobj_description(d.oid, 'pg_database'),"
                     + " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(d.datacl) x),"
                     + " (SELECT string_agg(coalesce(pg_get_userbyid(nullif(s.setrole, 0)), '*') || ':'"
                     + "   || array_to_string(s.setconfig, ';'), ' ' ORDER BY s.setrole)"
                     + "  FROM pg_db_role_setting s WHERE s.setdatabase = d.oid))"
                     + " FROM pg_database d WHERE d.datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), database + " exists");
                return rows.getString(1);
            }
        }
    }

    static List<String> databasesStartingWith(TestServer on, String prefix) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = on.connect("postgres");
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY 1")) {
            statement.setString(1, prefix);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String> allDatabases() throws SQLException {
        return databasesStartingWith(server, "");
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The file's bytes, then an IOException after {@code limit} bytes: a dump that cannot be read to the end. */
    private static InputStream failingAfter(Path file, long limit) throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (read >= limit) {
                    throw new IOException("simulated read failure after " + limit + " bytes");
                }
                int n = super.read(buffer, offset, (int) Math.min(length, limit - read));
                read += Math.max(n, 0);
                return n;
            }
        };
    }
}
