package dev.sotbackup.postgres.connect;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against an embedded server whose pg_hba.conf is edited so that one test role must authenticate with a
 * password while everything else stays on trust.
 */
class ConnectorTest {

    private static final String PASSWORD = "Corr3ct-Horse-" + Integer.toString(
            ThreadLocalRandom.current().nextInt(1 << 30), 36);
    private static TestServer server;
    private static String role;
    private static String database;

    @TempDir
    Path home;

    @BeforeAll
    static void requirePasswordForOneRole() throws SQLException, IOException {
        server = PostgresServers.embedded(15);
        role = "conn_pw_" + ProcessHandle.current().pid() + "_" + ThreadLocalRandom.current().nextInt(1 << 20);
        database = server.createDatabase("conn");
        server.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
            Path hba;
            try (ResultSet rows = statement.executeQuery("SHOW hba_file")) {
                rows.next();
                hba = Path.of(rows.getString(1));
            }
            // First matching line wins, so a line for this role ahead of the trust lines demands its password.
            String line = "host all " + role + " 127.0.0.1/32 md5\nhost all " + role + " ::1/128 md5\n";
            Files.writeString(hba, line + Files.readString(hba));
            statement.execute("SELECT pg_reload_conf()");
        }
        // pg_reload_conf only signals the postmaster; give it a moment to re-read the file.
        for (int attempt = 0; attempt < 50 && !passwordRequired(); attempt++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean passwordRequired() {
        try (Connection connection = Connector.open(info("dbname=" + database, Map.of(), Path.of("/nonexistent")))) {
            return !connection.isValid(1);
        } catch (ConnectionFailure e) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static ConnInfo info(String conninfo, Map<String, String> env, Path home) {
        return ConnInfo.parse("host=127.0.0.1 port=" + server.port() + " user=" + role + " " + conninfo, env,
                home);
    }

    @Test
    void rightPasswordConnectsWithDefaultApplicationName() throws SQLException {
        try (Connection connection = Connector.open(info("dbname=" + database + " password=" + PASSWORD, Map.of(),
                home)); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_user, current_setting('application_name')")) {
            rows.next();
            assertEquals(role, rows.getString(1));
            assertEquals("sot-backup", rows.getString(2));
        }
    }

    @Test
    void passwordFromPgpassIsUsed() throws SQLException, IOException {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "127.0.0.1:" + server.port() + ":*:" + role + ":" + PASSWORD + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        try (Connection connection = Connector.open(info("dbname=" + database, Map.of(), home))) {
            assertTrue(connection.isValid(5));
        }
    }

    @Test
    void wrongPasswordFailsWithServerMessageAndNeverShowsThePassword() {
        String wrong = "Wr0ng-Passw0rd-Value";
        ConnectionFailure failure = assertThrows(ConnectionFailure.class,
                () -> Connector.open(info("dbname=" + database + " password=" + wrong, Map.of(), home)));
        assertEquals("28P01", failure.sqlState());
        assertEquals("connection to server at 127.0.0.1:" + server.port()
                + " failed: password authentication failed for user \"" + role + "\"", failure.getMessage());
        assertFalse(failure.getMessage().contains(wrong));
        assertFalse(failure.getMessage().contains(PASSWORD));
    }

    @Test
    void missingPasswordSaysNoneWasSuppliedAndMentionsAnIgnoredPgpass() throws IOException {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "*:*:*:*:" + PASSWORD + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        ConnectionFailure failure = assertThrows(ConnectionFailure.class,
                () -> Connector.open(info("dbname=" + database, Map.of(), home)));
        assertTrue(failure.getMessage().contains("requires a password for user \"" + role + "\" and none was"
                + " supplied"), failure.getMessage());
        assertTrue(failure.getMessage().contains("group or world access"), failure.getMessage());
        assertFalse(failure.getMessage().contains(PASSWORD));
        assertFalse(failure.getMessage().contains("\n"));
    }

    @Test
    void missingDatabaseIsNamed() {
        ConnectionFailure failure = assertThrows(ConnectionFailure.class, () -> Connector.open(
                ConnInfo.parse(server.conninfo("no_such_db_here"), Map.of(), home)));
        assertEquals("3D000", failure.sqlState());
        assertTrue(failure.getMessage().endsWith("database \"no_such_db_here\" does not exist"),
                failure.getMessage());
    }

    @Test
    void unusedPortIsRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectionFailure failure = assertThrows(ConnectionFailure.class, () -> Connector.open(
                ConnInfo.parse("host=127.0.0.1 port=" + port + " dbname=x user=u password=" + PASSWORD, Map.of(),
                        home)));
        assertEquals("could not connect to server at 127.0.0.1:" + port + ": Connection refused",
                failure.getMessage());
    }

    @Test
    void passwordTravelsOnlyInPropertiesNotTheUrl() {
        ConnInfo info = info("dbname=" + database + " password=" + PASSWORD, Map.of(), home);
        assertFalse(Connector.jdbcUrl(info).contains(PASSWORD));
        assertEquals(PASSWORD, Connector.properties(info).getProperty("password"));
        assertEquals("0", Connector.properties(info).getProperty("prepareThreshold"));
    }

    @Test
    void versionNumbersFormatLikeTheServerDoes() {
        assertEquals("11.22", Connector.formatVersion(110022));
        assertEquals("9.6.24", Connector.formatVersion(90624));
    }
}
