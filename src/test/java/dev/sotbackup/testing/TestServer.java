package dev.sotbackup.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A PostgreSQL server a test may use as superuser: an embedded one ({@link PostgresServers#embedded}) or the
 * machine's ({@link PostgresServers#machine}). Tests create their own databases with unique names, because
 * several test JVMs (and several threads) share each server.
 */
public final class TestServer {

    private static final AtomicLong COUNTER = new AtomicLong();

    private final String host;
    private final int port;
    private final String superuser;
    private final int majorVersion;

    TestServer(String host, int port, String superuser, int majorVersion) {
        this.host = host;
        this.port = port;
        this.superuser = superuser;
        this.majorVersion = majorVersion;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String superuser() {
        return superuser;
    }

    /** The server's major version, e.g. 15 (read from server_version_num, not assumed from the binaries). */
    public int majorVersion() {
        return majorVersion;
    }

    /** libpq key=value connection string, as stock tools (pg_dump -d) and our CLI accept it. */
    public String conninfo(String database) {
        return "host=" + host + " port=" + port + " user=" + superuser + " dbname=" + conninfoValue(database);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/"
                + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                + "?user=" + superuser;
    }

    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", superuser);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/"
                + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"),
                properties);
    }

    /**
     * Creates {@code <prefix>_<unique>} and returns its name. The suffix combines the JVM's pid, a counter and a
     * random part so that parallel test JVMs sharing the machine's server never collide.
     */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36)).toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE " + quoteIdentifier(name));
        return name;
    }

    /** Drops the database if it exists, terminating any sessions still connected to it. */
    public void dropDatabase(String name) {
        if (majorVersion >= 13) {
            execute("DROP DATABASE IF EXISTS " + quoteIdentifier(name) + " WITH (FORCE)");
            return;
        }
        // PostgreSQL 12 has no WITH (FORCE); no new session can start while the name is being dropped by us,
        // since tests connect to their own databases only.
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                + "'" + name.replace("'", "''") + "' AND pid <> pg_backend_pid()");
        execute("DROP DATABASE IF EXISTS " + quoteIdentifier(name));
    }

    /** Creates a login-less role if missing; tolerant of another JVM creating it at the same moment. */
    public void ensureRole(String role) {
        try (Connection connection = connect("postgres");
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            exists.setString(1, role);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + quoteIdentifier(role));
            } catch (SQLException e) {
                // 42710 duplicate_object; 23505 when a concurrent CREATE ROLE wins the race on pg_authid's index.
                if (!"42710".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ensure role " + role + " on " + this + ": " + e.getMessage(), e);
        }
    }

    /** Runs one statement in the maintenance database {@code postgres}. */
    public void execute(String sql) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + majorVersion + " at " + host + ":" + port;
    }

    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String conninfoValue(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '\'' || c == '\\' || c == '=')) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Reads server_version_num over a fresh connection. */
    static int queryMajorVersion(String host, int port, String user) throws SQLException {
        TestServer probe = new TestServer(host, port, user, 0);
        try (Connection connection = probe.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW server_version_num")) {
            rows.next();
            return Integer.parseInt(rows.getString(1)) / 10000;
        }
    }
}
