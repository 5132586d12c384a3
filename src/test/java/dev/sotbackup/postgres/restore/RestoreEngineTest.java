package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restores our own dumps into fresh databases and compares them with their sources. */
class RestoreEngineTest {

    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();
    private static final Map<String, DumpedArchive> ARCHIVES = new ConcurrentHashMap<>();

    @TempDir
    static Path work;

    private final TestServer server = PostgresServers.embedded(15);
    private final List<String> progress = new ArrayList<>();

    private String source(String name) {
        return SOURCES.computeIfAbsent(name, key -> {
            if (key.equals("every-kind")) {
                return EveryKind.create(server, "restore_src");
            }
            String db = server.createDatabase("restore_src");
            Fixtures.load(server, db, key);
            return db;
        });
    }

    private DumpedArchive archive(String name) {
        return ARCHIVES.computeIfAbsent(name, key -> {
            try {
                return DumpedArchive.dump(server, source(key), work);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private RestoreResult restore(DumpedArchive archive, String database, RestoreOptions options) {
        return new RestoreEngine(archive::size).restore(archive, ConnInfo.parse(server.conninfo(database)), options,
                Reporter.lines(progress::add));
    }

    private void assertRestoresIdentically(String name, RestoreOptions options) {
        String target = server.createDatabase("restored");
        try {
            RestoreResult result = restore(archive(name), target, options);
            assertTrue(result.succeeded(), () -> String.join("\n", progress));
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source(name)),
                    DatabaseSnapshot.capture(server, target));
        } finally {
            server.dropDatabase(target);
        }
    }

    @ParameterizedTest(name = "-j {0}")
    @ValueSource(ints = {1, 2})
    void everyKindRestoresToAnIdenticalDatabase(int jobs) {
        assertRestoresIdentically("every-kind", RestoreOptions.builder().jobs(jobs).build());
    }

    @ParameterizedTest(name = "-j {0}")
    @ValueSource(ints = {1, 2})
    void netboxRestoresToAnIdenticalDatabase(int jobs) {
        assertRestoresIdentically(Fixtures.NETBOX_V42, RestoreOptions.builder().jobs(jobs).build());
    }

    @Test
    void chunkedLoadingOverThreeConnectionsGivesTheSameDatabase() {
        assertRestoresIdentically(Fixtures.NETBOX_V42, RestoreOptions.builder().jobs(3).chunkThreshold(0).build());
    }

    @Test
    void singleTransactionRestoresEverything() {
        assertRestoresIdentically("every-kind", RestoreOptions.builder().singleTransaction(true).build());
    }

    @Test
    void cleanWithIfExistsOverAnExistingRestoreGivesTheSameDatabase() {
        String target = server.createDatabase("restored");
        try {
            restore(archive("every-kind"), target, RestoreOptions.defaults());
            RestoreResult again = restore(archive("every-kind"), target,
                    RestoreOptions.builder().clean(true).ifExists(true).jobs(2).build());
            assertTrue(again.succeeded(), () -> String.join("\n", progress));
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source("every-kind")),
                    DatabaseSnapshot.capture(server, target));
        } finally {
            server.dropDatabase(target);
        }
    }

    @Test
    void createMakesTheDatabaseFromTheArchiveAndRestoresIntoIt() throws Exception {
        // A source of its own: -C recreates the database under the archive's name, i.e. the source's.
        String source = EveryKind.create(server, "restore_create");
        DumpedArchive archive = DumpedArchive.dump(server, source, work);
        DatabaseSnapshot expected = DatabaseSnapshot.capture(server, source);
        try {
            server.execute("ALTER DATABASE " + source + " RENAME TO " + source + "_old");
            RestoreResult result = restore(archive, "postgres",
                    RestoreOptions.builder().create(true).clean(true).ifExists(true).build());
            assertTrue(result.succeeded(), () -> String.join("\n", progress));
            DatabaseSnapshot.assertSame(expected, DatabaseSnapshot.capture(server, source));
        } finally {
            server.dropDatabase(source);
            server.dropDatabase(source + "_old");
        }
    }

    /**
     * The split an operator uses to load data between schema and constraints: pre-data entries with -s and -L,
     * then -a, then post-data and the rest with -s and -L; the result equals the source.
     */
    @Test
    void preDataThenDataOnlyThenPostDataGivesTheSameDatabase() {
        DumpedArchive archive = archive("every-kind");
        List<Integer> preData = archive.toc().entries().stream()
                .filter(e -> e.section() == Section.PRE_DATA).map(e -> e.dumpId()).toList();
        List<Integer> rest = archive.toc().entries().stream()
                .filter(e -> e.section() == Section.POST_DATA || e.section() == Section.NONE)
                .map(e -> e.dumpId()).toList();
        String target = server.createDatabase("restored");
        try {
            restore(archive, target, RestoreOptions.builder().schemaOnly(true).useList(preData).build());
            assertEquals(0, count(target, "SELECT count(*) FROM pg_largeobject_metadata"));
            assertEquals(0, count(target, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'sot'"));
            restore(archive, target, RestoreOptions.builder().dataOnly(true).jobs(2).build());
            restore(archive, target, RestoreOptions.builder().schemaOnly(true).useList(rest).jobs(2).build());
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source("every-kind")),
                    DatabaseSnapshot.capture(server, target));
        } finally {
            server.dropDatabase(target);
        }
    }

    @Test
    void excludedTableDataLeavesThatTableEmptyAndLoadsTheRest() throws SQLException {
        String source = source(Fixtures.NETBOX_V42);
        String excluded = unreferencedTableWithRows(source);
        String target = server.createDatabase("restored");
        try {
            RestoreResult result = restore(archive(Fixtures.NETBOX_V42), target, RestoreOptions.builder()
                    .jobs(2).excludeTableData(List.of(NamePattern.parse("public." + excluded))).build());
            assertTrue(result.succeeded(), () -> String.join("\n", progress));
            assertEquals(0, count(target, "SELECT count(*) FROM public." + excluded));
            DatabaseSnapshot expected = DatabaseSnapshot.capture(server, source);
            DatabaseSnapshot actual = DatabaseSnapshot.capture(server, target);
            assertEquals(expected.schema(), actual.schema());
            for (Map.Entry<String, String> table : expected.rowChecksums().entrySet()) {
                if (!table.getKey().equals("public." + excluded)) {
                    assertEquals(table.getValue(), actual.rowChecksums().get(table.getKey()), table.getKey());
                }
            }
        } finally {
            server.dropDatabase(target);
        }
    }

    /** A table with rows that no foreign key references (like a changelog), so leaving its rows out is legal. */
    private String unreferencedTableWithRows(String database) throws SQLException {
        List<String> candidates = new ArrayList<>();
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_class c"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
                     + " AND c.relkind = 'r' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.confrelid = c.oid)"
                     + " ORDER BY c.relname")) {
            while (rows.next()) {
                candidates.add(rows.getString(1));
            }
        }
        for (String candidate : candidates) {
            if (count(database, "SELECT count(*) FROM public." + candidate) > 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("no unreferenced table with rows in " + database);
    }

    @Test
    void noOwnerAndNoPrivilegesLeaveObjectsToTheRestoringUserWithoutGrants() {
        String target = server.createDatabase("restored");
        try {
            restore(archive(Fixtures.NETBOX_V42), target,
                    RestoreOptions.builder().noOwner(true).noPrivileges(true).jobs(2).build());
            assertEquals(0, count(target, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> current_user"));
            assertTrue(count(source(Fixtures.NETBOX_V42), "SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = 'netbox'")
                    > 0);
        } finally {
            server.dropDatabase(target);
        }
    }

    @Test
    void tableSelectionRestoresOnlyThatTable() {
        String target = server.createDatabase("restored");
        try {
            restore(archive(Fixtures.NETBOX_V42), target,
                    RestoreOptions.builder().tables(List.of(NamePattern.parse("django_migrations"))).build());
            assertEquals(1, count(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
            assertEquals(count(source(Fixtures.NETBOX_V42), "SELECT count(*) FROM public.django_migrations"),
                    count(target, "SELECT count(*) FROM public.django_migrations"));
        } finally {
            server.dropDatabase(target);
        }
    }

    @Test
    void aFailingEntryStopsTheRestoreWithOneLineAndNothingAfterItRuns() {
        InMemoryArchive archive = new InMemoryArchive();
        int schema = archive.add("SCHEMA", "app", null, Section.PRE_DATA, "CREATE SCHEMA app;\n", "DROP SCHEMA app;\n",
                List.of());
        archive.add("TABLE", "a", "app", Section.PRE_DATA, "CREATE TABLE app.a (x int);\n", "DROP TABLE app.a;\n",
                List.of(schema));
        int broken = archive.add("TABLE", "b", "app", Section.PRE_DATA, "CREATE TABLE app.b (x no_such_type);\n",
                "DROP TABLE app.b;\n", List.of(schema));
        archive.add("TABLE", "c", "app", Section.PRE_DATA, "CREATE TABLE app.c (x int);\n", "DROP TABLE app.c;\n",
                List.of(schema));
        String target = server.createDatabase("restored");
        try {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> new RestoreEngine().restore(archive,
                    ConnInfo.parse(server.conninfo(target)), RestoreOptions.defaults(), Reporter.lines(progress::add)));
            assertEquals("could not execute TABLE app.b (dumpId " + broken + "): type \"no_such_type\" does not exist",
                    failure.getMessage());
            assertEquals(1, count(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'app'"));
        } finally {
            server.dropDatabase(target);
        }
    }

    @Test
    void withoutExitOnErrorFailuresAreCountedAndTheRestGoesOn() {
        InMemoryArchive archive = new InMemoryArchive();
        int schema = archive.add("SCHEMA", "app", null, Section.PRE_DATA, "CREATE SCHEMA app;\n", "DROP SCHEMA app;\n",
                List.of());
        int table = archive.add("TABLE", "a", "app", Section.PRE_DATA, "CREATE TABLE app.a (x int, y text);\n",
                "DROP TABLE app.a;\n", List.of(schema));
        archive.add("TABLE", "b", "app", Section.PRE_DATA, "CREATE TABLE app.b (x no_such_type);\n",
                "DROP TABLE app.b;\n", List.of(schema));
        archive.addTableData("app", "a", "x, y", table, "1\tone\n2\t\\N\n3\tthree\\nlines\n\\.\n\n\n");
        String target = server.createDatabase("restored");
        try {
            RestoreResult result = new RestoreEngine().restore(archive, ConnInfo.parse(server.conninfo(target)),
                    RestoreOptions.builder().exitOnError(false).build(), Reporter.lines(progress::add));
            assertFalse(result.succeeded());
            assertEquals("errors ignored on restore: 1", result.errorSummary());
            assertEquals(3, count(target, "SELECT count(*) FROM app.a"));
            assertEquals(1, count(target, "SELECT count(*) FROM app.a WHERE y = E'three\\nlines'"));
        } finally {
            server.dropDatabase(target);
        }
    }

    private long count(String database, String sql) {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
