package dev.sotbackup.postgres.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** -j against a real server's connection slots (the embedded server has max_connections 100). */
class ConnectionSlotsTest {

    private static TestServer server;
    private static ConnInfo postgres;

    @BeforeAll
    static void server() {
        server = PostgresServers.embedded(15);
        postgres = ConnInfo.parse(server.conninfo("postgres"), Map.of(), Path.of("/nonexistent"));
    }

    @Test
    void everyOpenSessionTakesASlot() throws Exception {
        int before = stableFreeSlots(postgres);
        assertTrue(before > 0 && before <= 97, "max_connections 100 less 3 reserved for superusers: " + before);
        try (Connection a = server.connect("postgres"); Connection b = server.connect("postgres");
             Connection c = server.connect("postgres")) {
            assertEquals(before - 3, stableFreeSlots(postgres));
        }
    }

    @Test
    void jobsAreLoweredToTheFreeSlotsLessAMarginWithANote() throws Exception {
        int free = stableFreeSlots(postgres);
        ConnectionSlots.Jobs jobs = ConnectionSlots.limit(1000, postgres);
        assertTrue(jobs.lowered());
        assertEquals(jobs.freeSlots() - ConnectionSlots.MARGIN, jobs.jobs());
        assertTrue(Math.abs(jobs.freeSlots() - free) <= 1, jobs + " vs " + free);
        assertEquals("-j 1000 lowered to " + jobs.jobs() + ": the server at " + server.host() + ":" + server.port()
                + " has " + jobs.freeSlots() + " free connection slots", jobs.note());
        assertFalse(ConnectionSlots.limit(4, postgres).lowered(), "what fits is left alone");
    }

    @Test
    void databasesUsedAtOnceOnOneServerShareItsSlots() {
        ConnInfo other = postgres.withDatabase("template1");
        ConnectionSlots.Jobs shared = ConnectionSlots.limitAllAtOnce(1000, List.of(postgres, other));
        assertEquals((shared.freeSlots() - ConnectionSlots.MARGIN) / 2, shared.jobs());
        assertTrue(shared.note().endsWith(" for 2 databases at once"), shared.note());
        ConnectionSlots.Jobs inTurn = ConnectionSlots.limitEachInTurn(1000, List.of(postgres, other));
        assertEquals(inTurn.freeSlots() - ConnectionSlots.MARGIN, inTurn.jobs());
    }

    @Test
    void aDatabaseStillToBeCreatedIsAskedAboutThroughItsServer() {
        ConnectionSlots.Jobs jobs = ConnectionSlots.limit(1000, postgres.withDatabase("not_created_yet"));
        assertTrue(jobs.lowered(), jobs.toString());
    }

    @Test
    void aServerThatCannotBeAskedLeavesJobsAsAsked() throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        ConnectionSlots.Jobs jobs = ConnectionSlots.limit(8, postgres.withPort(unused));
        assertEquals(8, jobs.jobs());
        assertFalse(jobs.lowered());
    }

    @Test
    void atLeastOneJobIsAlwaysLeft() {
        assertEquals(1, ConnectionSlots.allowed(0, 1));
        assertEquals(1, ConnectionSlots.allowed(2, 2));
        assertEquals(17, ConnectionSlots.allowed(19, 1));
        assertEquals(8, ConnectionSlots.allowed(19, 2));
    }

    /**
     * The free slots once two readings agree: a session that just closed leaves pg_stat_activity a moment after
     * its client let go.
     */
    private static int stableFreeSlots(ConnInfo database) throws InterruptedException {
        int previous = ConnectionSlots.read(database).orElseThrow().freeSlots();
        for (int attempt = 0; attempt < 50; attempt++) {
            Thread.sleep(100);
            int current = ConnectionSlots.read(database).orElseThrow().freeSlots();
            if (current == previous) {
                return current;
            }
            previous = current;
        }
        throw new AssertionError("the number of sessions did not settle");
    }
}
