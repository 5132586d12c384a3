package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionFailure;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.postgres.toc.SessionSettings;
import dev.sotbackup.postgres.toc.TocEntry;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One connection of a restore with pg_restore's session state: the fixed SETs and SEARCHPATH on connecting,
 * then per entry the search_path (old archives only), default_tablespace and default_table_access_method,
 * each set only when it changes.
 */
final class RestoreSession implements AutoCloseable {

    private final Connection connection;
    private final SessionSettings settings;
    private final String database;
    private String currentSchema;
    private String currentTablespace;
    private String currentTableAm;
    private int serverMajor;

    private RestoreSession(Connection connection, SessionSettings settings, String database) {
        this.connection = connection;
        this.settings = settings;
        this.database = database;
    }

    /** Connects to {@code target} and applies the fixed session state (and SET ROLE when {@code role} is given). */
    static RestoreSession open(ConnInfo target, SessionSettings settings, String role) throws SQLException {
        Connection connection = connect(target);
        RestoreSession session = new RestoreSession(connection, settings, target.dbname());
        try {
            for (String statement : settings.statements(role)) {
                if (statement.startsWith("SET client_encoding")) {
                    // pgjdbc only works with UTF8: strings travel as UTF8, COPY declares the archive's encoding.
                    continue;
                }
                session.execute(statement);
            }
            session.serverMajor = serverVersionNum(session) / 10000;
            if (session.serverMajor >= 17) {
                session.execute("SET transaction_timeout = 0");
            }
            // A restore that dies half-way is redone (or discarded by --replace), so waiting for each commit's
            // WAL flush buys nothing; index builds of big tables sort in memory instead of spilling.
            session.execute("SET synchronous_commit = off");
            session.execute("SET maintenance_work_mem = '128MB'");
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /**
     * pgjdbc in simple-query mode sends each entry's definition as one Query message, exactly like pg_restore's
     * PQexec: several statements run as one implicit transaction and nothing in them is parsed client-side.
     */
    private static Connection connect(ConnInfo target) throws SQLException {
        Properties properties = Connector.properties(target);
        properties.setProperty("preferQueryMode", "simple");
        try {
            return DriverManager.getConnection(Connector.jdbcUrl(target), properties);
        } catch (SQLException e) {
            // Connector turns every way of failing to connect into one clear line; let it say why.
            try {
                Connector.open(target).close();
            } catch (ConnectionFailure failure) {
                throw failure;
            }
            throw e;
        }
    }

    private static int serverVersionNum(RestoreSession session) throws SQLException {
        try (Statement statement = session.connection.createStatement();
             var rows = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The connected server's major version, e.g. 17. */
    int serverMajor() {
        return serverMajor;
    }

    String database() {
        return database;
    }

    SessionSettings settings() {
        return settings;
    }

    Connection connection() {
        return connection;
    }

    CopyManager copyManager() throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /** Runs SQL text as one simple query; several statements are allowed. */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false); // function bodies may contain JDBC-escape-like {fn ...} text
            statement.execute(sql);
        }
    }

    /** The per-entry SETs pg_restore issues before an entry's SQL (reference §9.5). */
    void prepareFor(TocEntry entry) throws SQLException {
        if (settings.searchPath() == null) {
            selectSchema(entry.namespace());
        }
        String tablespace = entry.tablespace();
        if (tablespace != null && !tablespace.equals(currentTablespace)) {
            execute(tablespace.isEmpty() ? "SET default_tablespace = ''"
                    : "SET default_tablespace = " + Identifiers.quote(tablespace));
            currentTablespace = tablespace;
        }
        // pg_restore 17+ leaves partitioned tables' access method alone (they get ALTER ... SET ACCESS METHOD).
        String tableAm = entry.tableAm();
        if (tableAm != null && entry.relkind() != 'p' && !tableAm.equals(currentTableAm)) {
            execute("SET default_table_access_method = " + Identifiers.quote(tableAm));
            currentTableAm = tableAm;
        }
    }

    /** Archives without a SEARCHPATH entry rely on search_path pointing at each entry's schema. */
    private void selectSchema(String schema) throws SQLException {
        if (schema == null || schema.isEmpty() || schema.equals(currentSchema)) {
            return;
        }
        String path = Identifiers.quote(schema) + (schema.equals("pg_catalog") ? "" : ", pg_catalog");
        execute("SET search_path = " + path);
        currentSchema = schema;
    }

    void begin() throws SQLException {
        connection.setAutoCommit(false);
    }

    void commit() throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    /** Ends a failed transaction so the session can go on with the next entry. */
    void rollbackQuietly() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // The connection is broken; the next statement will say so.
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Nothing left to release.
        }
    }
}
