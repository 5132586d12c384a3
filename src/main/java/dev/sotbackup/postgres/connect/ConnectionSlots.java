package dev.sotbackup.postgres.connect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps {@code -j} within the connections a server still accepts. Asking for more than that used to open
 * connections until the server refused every new client — the application's included — and then fail; now the
 * commands ask here first and go on with what fits, saying so in a note.
 *
 * <p>A server's free slots are {@code max_connections} less {@code superuser_reserved_connections} (and
 * {@code reserved_connections} on PostgreSQL 16+) less the client sessions already open. {@value #MARGIN} of them
 * are left for the application and for the one maintenance connection some commands open beside their jobs.
 */
public final class ConnectionSlots {

    /** Free slots a command never takes. */
    static final int MARGIN = 2;

    private static final String FREE_SLOTS_SQL = """
            SELECT current_setting('max_connections')::int
                 - current_setting('superuser_reserved_connections')::int
                 - coalesce(current_setting('reserved_connections', true)::int, 0)
                 - (SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend')::int,
                   pg_catalog.pg_postmaster_start_time()::text || ' ' || current_setting('port')
            """;

    /**
     * One server as one of its sessions saw it.
     *
     * @param identity  tells servers apart whatever host name reached them (start time and port)
     * @param address   host:port, for the note
     * @param freeSlots connections it accepts besides the sessions it had
     */
    record Server(String identity, String address, int freeSlots) {
    }

    /**
     * {@code -j} after the cap.
     *
     * @param requested what the command line asked for
     * @param jobs      what the command uses: at least 1
     * @param address   the server that set the limit (null when nothing was lowered)
     * @param freeSlots its free connection slots
     * @param sharers   how many of the command's connection sets it must hold at once (replicate's source and
     *                  target on one server: 2)
     */
    public record Jobs(int requested, int jobs, String address, int freeSlots, int sharers) {
        public boolean lowered() {
            return jobs < requested;
        }

        /** The line a command prints as {@code note: …} when {@link #lowered()}. */
        public String note() {
            return "-j " + requested + " lowered to " + jobs + ": the server at " + address + " has " + freeSlots
                    + " free connection slots" + (sharers > 1 ? " for " + sharers + " databases at once" : "");
        }
    }

    private ConnectionSlots() {
    }

    /** {@code -j} for work on one database. */
    public static Jobs limit(int requested, ConnInfo database) {
        return limitEachInTurn(requested, List.of(database));
    }

    /** {@code -j} for work on these databases one after another, each with {@code -j} connections. */
    public static Jobs limitEachInTurn(int requested, List<ConnInfo> databases) {
        return limit(requested, databases, false);
    }

    /**
     * {@code -j} for work that holds {@code -j} connections on each of these databases at the same time
     * (replicate reads the source while it loads the target); databases on one server share its slots.
     */
    public static Jobs limitAllAtOnce(int requested, List<ConnInfo> databases) {
        return limit(requested, databases, true);
    }

    private static Jobs limit(int requested, List<ConnInfo> databases, boolean atOnce) {
        Jobs result = new Jobs(requested, requested, null, -1, 1);
        if (requested <= 1) {
            return result; // one connection is needed anyway; no reason to ask
        }
        Map<String, Server> servers = new LinkedHashMap<>();
        Map<String, Integer> sharers = new LinkedHashMap<>();
        for (ConnInfo database : databases) {
            Optional<Server> server = read(database);
            if (server.isEmpty()) {
                continue;
            }
            servers.putIfAbsent(server.get().identity(), server.get());
            sharers.merge(server.get().identity(), 1, atOnce ? Integer::sum : (a, b) -> a);
        }
        for (Server server : servers.values()) {
            int users = sharers.get(server.identity());
            int allowed = allowed(server.freeSlots(), users);
            if (allowed < result.jobs()) {
                result = new Jobs(requested, allowed, server.address(), server.freeSlots(), users);
            }
        }
        return result;
    }

    /** Jobs per user of a server with {@code freeSlots} slots shared by {@code users} connection sets. */
    static int allowed(int freeSlots, int users) {
        return Math.max(1, (freeSlots - MARGIN) / users);
    }

    /**
     * The server behind {@code database}, or empty when it cannot be asked: then the command's own connection
     * reports the problem in its words, and a check that could not run must not invent another failure.
     */
    static Optional<Server> read(ConnInfo database) {
        // A restore may create its database: then the server is asked through its maintenance database.
        for (ConnInfo attempt : List.of(database, database.withDatabase("postgres"))) {
            try (Connection connection = Connector.open(attempt)) {
                // This session closes before the work starts, so its slot is free again by then.
                Server seen = read(connection, Connector.address(database));
                return Optional.of(new Server(seen.identity(), seen.address(), seen.freeSlots() + 1));
            } catch (ConnectionFailure e) {
                if (!"3D000".equals(e.sqlState())) {
                    return Optional.empty();
                }
            } catch (SQLException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** What one session sees; its own slot counts as taken. */
    static Server read(Connection connection, String address) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(FREE_SLOTS_SQL)) {
            rows.next();
            return new Server(rows.getString(2), address, Math.max(0, rows.getInt(1)));
        }
    }
}
