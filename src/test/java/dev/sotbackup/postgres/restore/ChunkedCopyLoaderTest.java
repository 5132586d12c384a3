package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.toc.SessionSettings;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkedCopyLoaderTest {

    private static final SessionSettings SETTINGS =
            new SessionSettings("UTF8", true, "SELECT pg_catalog.set_config('search_path', '', false);");
    private static final int ROWS = 20_000;

    private final TestServer server = PostgresServers.embedded(15);

    /** Lends up to {@code max} extra sessions and counts them back. */
    private static final class CountingHelpers implements HelperSessions {
        final ConnInfo target;
        final int max;
        final AtomicInteger lent = new AtomicInteger();
        final AtomicInteger returned = new AtomicInteger();

        CountingHelpers(ConnInfo target, int max) {
            this.target = target;
            this.max = max;
        }

        @Override
        public RestoreSession tryAcquire() {
            if (lent.get() >= max) {
                return null;
            }
            try {
                RestoreSession session = RestoreSession.open(target, SETTINGS, null);
                lent.incrementAndGet();
                return session;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void release(RestoreSession session) {
            session.close();
            returned.incrementAndGet();
        }
    }

    private static String copyText() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            text.append(i).append('\t').append("row ").append(i).append("\\nwith escaped newline\\\\").append('\n');
        }
        return text.append("\\.\n\n\n").toString();
    }

    @Test
    void oneTableLoadsOverSeveralConnectionsWithEveryRowOnce() throws Exception {
        String database = server.createDatabase("chunked");
        try {
            server.connect(database).createStatement().execute("CREATE TABLE public.big (id int, note text)");
            ConnInfo target = ConnInfo.parse(server.conninfo(database));
            CountingHelpers helpers = new CountingHelpers(target, 2);
            CopyChunkReader reader = new CopyChunkReader(
                    new ByteArrayInputStream(copyText().getBytes(StandardCharsets.UTF_8)), 4096);
            ChunkedCopyLoader loader = new ChunkedCopyLoader("COPY public.big (id, note) FROM stdin;", reader,
                    helpers, 3, 0);
            try (RestoreSession primary = RestoreSession.open(target, SETTINGS, null)) {
                loader.load(primary);
            }
            assertEquals(3, loader.connectionsUsed());
            assertEquals(2, helpers.returned.get());
            try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*), count(DISTINCT id), sum(id),"
                         + " bool_and(note = 'row ' || id || E'\\nwith escaped newline\\\\') FROM public.big")) {
                rows.next();
                assertEquals(ROWS, rows.getLong(1));
                assertEquals(ROWS, rows.getLong(2));
                assertEquals((long) ROWS * (ROWS + 1) / 2, rows.getLong(3));
                assertTrue(rows.getBoolean(4));
            }
        } finally {
            server.dropDatabase(database);
        }
    }

    @Test
    void aBadRowFailsTheLoadAndReleasesEveryHelper() throws Exception {
        String database = server.createDatabase("chunked");
        try {
            server.connect(database).createStatement().execute("CREATE TABLE public.big (id int, note text)");
            ConnInfo target = ConnInfo.parse(server.conninfo(database));
            CountingHelpers helpers = new CountingHelpers(target, 2);
            String text = copyText().replace("\n15000\t", "\nnot-a-number\t");
            CopyChunkReader reader = new CopyChunkReader(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 4096);
            ChunkedCopyLoader loader = new ChunkedCopyLoader("COPY public.big (id, note) FROM stdin;", reader,
                    helpers, 3, 0);
            try (RestoreSession primary = RestoreSession.open(target, SETTINGS, null)) {
                SQLException failure = assertThrows(SQLException.class, () -> loader.load(primary));
                assertTrue(RestoreFailure.reason(failure).contains("invalid input syntax for type integer"),
                        failure.getMessage());
            }
            assertEquals(helpers.lent.get(), helpers.returned.get());
        } finally {
            server.dropDatabase(database);
        }
    }
}
