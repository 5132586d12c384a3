package dev.sotbackup.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseSnapshotTest {

    private static final String SCRIPT = """
            CREATE SCHEMA app;
            CREATE TABLE app.items (id int PRIMARY KEY, name text);
            CREATE TABLE app.child (extra text) INHERITS (app.items);
            INSERT INTO app.items VALUES (1, 'one'), (2, NULL), (3, E'tab\\t');
            INSERT INTO app.child VALUES (10, 'child', 'x');
            CREATE SEQUENCE app.counter;
            SELECT setval('app.counter', 42);
            SELECT lo_from_bytea(777001, 'large');
            """;

    private final TestServer server = PostgresServers.embedded(15);
    private String first;
    private String second;

    @BeforeEach
    void createTwoEqualDatabases() throws SQLException {
        server.ensureRole("sot_reader");
        first = server.createDatabase("snap_a");
        second = server.createDatabase("snap_b");
        execute(first, SCRIPT);
        execute(second, SCRIPT);
    }

    @AfterEach
    void dropDatabases() {
        server.dropDatabase(first);
        server.dropDatabase(second);
    }

    private void execute(String database, String sql) throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void equalDatabasesHaveEqualSnapshots() {
        DatabaseSnapshot a = DatabaseSnapshot.capture(server, first);
        DatabaseSnapshot b = DatabaseSnapshot.capture(server, second);
        DatabaseSnapshot.assertSame(a, b);
        assertEquals("3:", a.rowChecksums().get("app.items").substring(0, 2), "ONLY: the child's row is not the parent's");
        assertTrue(a.rowChecksums().containsKey("app.child"));
        assertEquals("42/true", a.sequences().get("app.counter"));
        assertTrue(a.largeObjects().get("777001").startsWith("md5=" + md5("large")), a.largeObjects().toString());
        assertTrue(a.largeObjects().get("777001").contains("owner=postgres"));
    }

    private static String md5(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneChangedRowSequenceAndGrantAreReported() throws SQLException {
        execute(second, "UPDATE app.items SET name = 'uno' WHERE id = 1;"
                + "SELECT setval('app.counter', 43);"
                + "GRANT SELECT ON app.items TO sot_reader;");
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> DatabaseSnapshot.assertSame(
                DatabaseSnapshot.capture(server, first), DatabaseSnapshot.capture(server, second)));
        String message = failure.getMessage();
        assertTrue(message.contains("different:  app.items"), message);
        assertTrue(message.contains("different:  app.counter\n    expected 42/true\n    actual   43/true"), message);
        assertTrue(message.contains("relation app.items") && message.contains("sot_reader=r/postgres"), message);
    }

    @Test
    void changedLargeObjectIsReported() throws SQLException {
        execute(second, "SELECT lo_put(777001, 0, 'L')");
        List<String> differences = DatabaseSnapshot.differences(
                DatabaseSnapshot.capture(server, first), DatabaseSnapshot.capture(server, second));
        assertEquals(1, differences.size(), differences.toString());
        assertTrue(differences.getFirst().startsWith("large objects: 1 difference(s)"), differences.toString());
    }

    @Test
    void schemaDifferenceShowsTheChangedLines() throws SQLException {
        Oracles.require("pg_dump", server);
        execute(second, "ALTER TABLE app.items ADD COLUMN added_later integer");
        DatabaseSnapshot a = DatabaseSnapshot.capture(server, first);
        DatabaseSnapshot b = DatabaseSnapshot.capture(server, second);
        assertNotNull(a.schema());
        assertNull(a.schemaAbsentWhy());
        assertTrue(!a.schema().contains("-- ") && !a.schema().contains("\n\n\n"), "normalised");
        String message = String.join("\n", DatabaseSnapshot.differences(a, b));
        assertTrue(message.contains("+     added_later integer"), message);
    }

    @Test
    void normalisationDropsCommentsRestrictKeysAndBlankRuns() {
        String dump = "--\n-- PostgreSQL database dump\n--\n\\restrict abc\n\nSET x = 1;\n\n\n\nCREATE TABLE t ();\n"
                + "\\unrestrict abc\n";
        assertEquals("SET x = 1;\n\nCREATE TABLE t ();\n", DatabaseSnapshot.normaliseSchema(dump));
    }

    @Test
    void objectCountsTellAMissingIndexAndAnyOtherDifferenceAcrossMajors() throws SQLException {
        execute(second, "CREATE INDEX items_name ON app.items (name)");
        List<String> problems = DatabaseSnapshot.differencesAcrossMajors(DatabaseSnapshot.capture(server, first), 15,
                DatabaseSnapshot.captureWithoutSchema(server, second), 17);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("relation i"), problems.get(0));
    }

    @Test
    void acrossMajorsSeventeensNewMaintainPrivilegeIsNoDifferenceButAnyOtherGrantIs() throws SQLException {
        TestServer seventeen = PostgresServers.embedded(17);
        seventeen.ensureRole("sot_reader");
        String copy = seventeen.createDatabase("snap_17");
        try {
            try (Connection connection = seventeen.connect(copy); Statement statement = connection.createStatement()) {
                statement.execute(SCRIPT);
            }
            DatabaseSnapshot source = DatabaseSnapshot.capture(server, first);
            // 17 gives a table's owner MAINTAIN by default: the same table, not a different one.
            assertEquals(List.of(), DatabaseSnapshot.differencesAcrossMajors(source, 15,
                    DatabaseSnapshot.captureWithoutSchema(seventeen, copy), 17));
            try (Connection connection = seventeen.connect(copy); Statement statement = connection.createStatement()) {
                statement.execute("GRANT SELECT ON app.items TO sot_reader");
            }
            List<String> problems = DatabaseSnapshot.differencesAcrossMajors(source, 15,
                    DatabaseSnapshot.captureWithoutSchema(seventeen, copy), 17);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("sot_reader=r/"), problems.get(0));
        } finally {
            seventeen.dropDatabase(copy);
        }
    }
}
