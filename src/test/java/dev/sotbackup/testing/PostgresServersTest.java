package dev.sotbackup.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresServersTest {

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 14, 15, 16, 17, 18})
    void embeddedServerRunsTheRequestedMajorVersion(int major) throws SQLException {
        TestServer server = PostgresServers.embedded(major);
        assertEquals(major, server.majorVersion());
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version()")) {
            rows.next();
            assertTrue(rows.getString(1).startsWith("PostgreSQL " + major + "."), rows.getString(1));
        }
        assertSame(server, PostgresServers.embedded(major), "one server per major per JVM");
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 14, 15, 16, 17, 18})
    void embeddedServerSupportsIcuCollationsLikeNetBoxUses(int major) throws SQLException {
        TestServer server = PostgresServers.embedded(major);
        String database = server.createDatabase("icu");
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE COLLATION natural_sort (provider = icu, locale = 'und-u-kn-true')");
            // Numeric ordering is what 'kn-true' adds: item2 before item10.
            try (ResultSet rows = statement.executeQuery(
                    "SELECT x FROM (VALUES ('item10'), ('item2')) v(x) ORDER BY x COLLATE natural_sort")) {
                rows.next();
                assertEquals("item2", rows.getString(1));
            }
        } finally {
            server.dropDatabase(database);
        }
    }

    @Test
    void createdDatabaseIsUsableAndDropTerminatesItsSessions() throws SQLException {
        TestServer server = PostgresServers.embedded(15);
        String database = server.createDatabase("lifecycle");
        assertTrue(database.startsWith("lifecycle_"), database);
        try (Connection open = server.connect(database); Statement statement = open.createStatement()) {
            statement.execute("CREATE TABLE t (x int)");
            server.dropDatabase(database); // must not fail although this session is still connected
        }
        assertThrows(SQLException.class, () -> server.connect(database).close());
        server.dropDatabase(database); // idempotent
    }

    @Test
    void ensureRoleIsIdempotent() throws SQLException {
        TestServer server = PostgresServers.embedded(15);
        server.ensureRole("netbox");
        server.ensureRole("netbox");
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = 'netbox'")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
    }

    @Test
    void stockPsqlConnectsWithTheConninfo() {
        TestServer server = PostgresServers.embedded(15);
        Path psql = Oracles.require("psql", server);
        Oracles.ToolResult result = Oracles.run(true,
                List.of(psql.toString(), "-XAtc", "SELECT 40 + 2", server.conninfo("postgres")));
        assertEquals("42", result.stdout().strip());
        assertTrue(Oracles.majorVersion(psql) >= 13);
    }
}
