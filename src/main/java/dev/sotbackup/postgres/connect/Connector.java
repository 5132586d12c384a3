package dev.sotbackup.postgres.connect;

import dev.sotbackup.input.Redaction;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens JDBC connections for a {@link ConnInfo}, turning every way that can fail into a {@link ConnectionFailure}
 * with one line a user can act on.
 */
public final class Connector {

    /** Oldest server we support; pg_dump-compatible catalog queries assume 12's catalogs (no oids columns). */
    public static final int MIN_SERVER_VERSION_NUM = 120000;
    public static final String DEFAULT_APPLICATION_NAME = "sot-backup";

    private Connector() {
    }

    /** The JDBC URL (host, port, database; never credentials). */
    public static String jdbcUrl(ConnInfo info) {
        String host = info.host().indexOf(':') >= 0 ? "[" + info.host() + "]" : info.host();
        return "jdbc:postgresql://" + host + ":" + info.port() + "/"
                + URLEncoder.encode(info.dbname(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Driver properties; the password travels only here, never in the URL. */
    public static Properties properties(ConnInfo info) {
        Properties properties = new Properties();
        properties.setProperty("user", info.user());
        info.password().ifPresent(password -> properties.setProperty("password", password));
        // pgjdbc accepts libpq's six sslmode values with libpq's meaning (prefer = try SSL, fall back).
        properties.setProperty("sslmode", info.sslmode());
        info.sslRootCert().ifPresent(v -> properties.setProperty("sslrootcert", v));
        info.sslCert().ifPresent(v -> properties.setProperty("sslcert", v));
        info.sslKey().ifPresent(v -> properties.setProperty("sslkey", v));
        info.options().ifPresent(v -> properties.setProperty("options", v));
        properties.setProperty("ApplicationName", info.applicationName().orElse(DEFAULT_APPLICATION_NAME));
        info.connectTimeoutSeconds().ifPresent(seconds -> {
            // libpq's connect_timeout bounds the whole connection attempt: socket connect plus login.
            properties.setProperty("connectTimeout", Integer.toString(seconds));
            properties.setProperty("loginTimeout", Integer.toString(seconds));
        });
        // No assumeMinServerVersion: with pgjdbc 42.7.5 any value (tried 9.0, 12, 12.0, 120000) makes the
        // session's application_name empty instead of ApplicationName; it would only save one round trip.
        // The server version is checked explicitly after connecting instead.
        // Dump and restore run each statement a handful of times, so server-side prepared statements gain
        // nothing, while they break behind transaction-pooling proxies and fail with "cached plan must not
        // change result type" when a restore's DDL changes a table between executions.
        properties.setProperty("prepareThreshold", "0");
        // Long COPY streams and index builds must not be cut by an idle socket; the OS notices dead peers.
        properties.setProperty("tcpKeepAlive", "true");
        return properties;
    }

    /**
     * Connects and checks the server version.
     *
     * @throws ConnectionFailure unreachable server, authentication failure, missing database, server older
     *                           than 12, or anything else the driver reports, in one line
     */
    public static Connection open(ConnInfo info) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(jdbcUrl(info), properties(info));
        } catch (SQLException e) {
            throw failure(info, e);
        }
        try {
            int versionNum = serverVersionNum(connection);
            if (versionNum < MIN_SERVER_VERSION_NUM) {
                throw new ConnectionFailure("server at " + address(info) + " runs PostgreSQL "
                        + formatVersion(versionNum) + "; sot-backup needs PostgreSQL 12 or later");
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof ConnectionFailure failure) {
                throw failure;
            }
            throw new ConnectionFailure("cannot read the server version at " + address(info) + ": "
                    + redact(e.getMessage(), info), e instanceof SQLException s ? s.getSQLState() : null, e);
        }
    }

    private static int serverVersionNum(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    static String formatVersion(int versionNum) {
        return versionNum >= 100000
                ? (versionNum / 10000) + "." + (versionNum % 10000)
                : (versionNum / 10000) + "." + (versionNum / 100 % 100) + "." + (versionNum % 100);
    }

    /** Maps a driver exception from connecting to one line, libpq's wording where it has one. */
    static ConnectionFailure failure(ConnInfo info, SQLException e) {
        String state = e.getSQLState();
        String at = "connection to server at " + address(info) + " failed: ";
        String serverMessage = serverMessage(e);
        Throwable cause = rootCause(e);
        String message;
        if (cause instanceof UnknownHostException) {
            message = "could not translate host name \"" + info.host() + "\" to address: unknown host";
        } else if (cause instanceof ConnectException) {
            message = "could not connect to server at " + address(info) + ": Connection refused";
        } else if (cause instanceof NoRouteToHostException) {
            message = "could not connect to server at " + address(info) + ": No route to host";
        } else if (cause instanceof SocketTimeoutException || "08001".equals(state) && e.getMessage() != null
                && e.getMessage().contains("timed out")) {
            message = "could not connect to server at " + address(info) + ": timeout expired";
        } else if ("28P01".equals(state)) {
            message = at + (serverMessage != null ? serverMessage
                    : "password authentication failed for user \"" + info.user() + "\"") + passfileNote(info);
        } else if ("08004".equals(state) && e.getMessage() != null && e.getMessage().contains("no password")) {
            message = at + "the server requires a password for user \"" + info.user()
                    + "\" and none was supplied (give one in the connection string, PGPASSWORD or "
                    + "~/.pgpass)" + passfileNote(info);
        } else if ("3D000".equals(state)) {
            message = at + (serverMessage != null ? serverMessage
                    : "database \"" + info.dbname() + "\" does not exist");
        } else if ("28000".equals(state)) {
            // no pg_hba.conf entry, role does not exist, role may not log in, ...
            message = at + (serverMessage != null ? serverMessage : firstLine(e.getMessage()));
        } else if (serverMessage != null) {
            message = at + serverMessage;
        } else {
            message = at + firstLine(e.getMessage());
        }
        return new ConnectionFailure(redact(message, info), state, e);
    }

    private static String passfileNote(ConnInfo info) {
        if (info.hasExplicitPassword()) {
            return "";
        }
        String reason = info.passwordFile().ignoredReason();
        return reason == null ? "" : " (" + reason + ", so it was ignored)";
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage();
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** host:port as messages name a server, an IPv6 host in brackets. */
    static String address(ConnInfo info) {
        return (info.host().indexOf(':') >= 0 ? "[" + info.host() + "]" : info.host()) + ":" + info.port();
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "unknown error";
        }
        int newline = text.indexOf('\n');
        return (newline >= 0 ? text.substring(0, newline) : text).strip();
    }

    /** Belt and braces: no driver message should echo the password, but never let one through if it does. */
    static String redact(String message, ConnInfo info) {
        return Redaction.without(message, info.password().orElse(null));
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Already failing with a better message.
        }
    }
}
