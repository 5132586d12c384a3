package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.TestServer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stock pg_restore as the judge of what the writers produce, and the checks on what it restored. */
final class RestoreChecks {

    private static final Set<String> UNLISTED = Set.of("ENCODING", "STDSTRINGS", "SEARCHPATH");

    private RestoreChecks() {
    }

    /** {@code pg_restore -l} accepts the archive and lists every entry with its ids, type, schema and tag. */
    static void assertListsEveryEntry(Path pgRestore, Path archive, SampleToc sample) {
        String listing = Oracles.run(true, List.of(pgRestore.toString(), "-l", archive.toString())).stdout();
        for (TocEntry entry : sample.toc().entries()) {
            if (UNLISTED.contains(entry.desc())) {
                continue;
            }
            String line = entry.dumpId() + "; " + entry.tableOid() + " " + entry.oid() + " " + entry.desc() + " "
                    + (entry.namespace() == null ? "-" : entry.namespace()) + " " + entry.tag();
            assertTrue(listing.contains(line), () -> "pg_restore -l lacks \"" + line + "\":\n" + listing);
        }
    }

    /** Restores into a fresh database with {@code extraArgs} (e.g. -j 2) and checks everything came back. */
    static void assertRestoresExactly(TestServer server, Path pgRestore, Path archive, SampleToc sample,
            String... extraArgs) throws SQLException {
        String database = server.createDatabase("archive_restore");
        try {
            List<String> command = new ArrayList<>(List.of(pgRestore.toString(), "--exit-on-error",
                    "-d", server.conninfo(database)));
            command.addAll(List.of(extraArgs));
            command.add(archive.toString());
            Oracles.run(true, command);
            assertDatabaseMatches(server, database, sample);
        } finally {
            server.dropDatabase(database);
        }
    }

    static void assertDatabaseMatches(TestServer server, String database, SampleToc sample) throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            List<SampleToc.Row> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT id, name, note FROM app.\"Item\" ORDER BY id")) {
                while (result.next()) {
                    rows.add(new SampleToc.Row(result.getInt(1), result.getString(2), result.getString(3)));
                }
            }
            assertEquals(sample.rows(), rows);
            try (ResultSet result = statement.executeQuery("SELECT last_value, is_called FROM app.counter")) {
                result.next();
                assertEquals(SampleToc.SEQUENCE_VALUE, result.getLong(1));
                assertTrue(result.getBoolean(2));
            }
            try (ResultSet result = statement.executeQuery(
                    "SELECT pg_catalog.lo_get(" + SampleToc.LARGE_OBJECT_OID + ")")) {
                result.next();
                assertArrayEquals(SampleToc.LARGE_OBJECT_BYTES, result.getBytes(1));
            }
            try (ResultSet result = statement.executeQuery(
                    "SELECT obj_description('app.\"Item\"'::regclass, 'pg_class'),"
                            + " (SELECT count(*) FROM pg_indexes WHERE indexname = 'item_name')")) {
                result.next();
                assertEquals("items 'quoted'", result.getString(1));
                assertEquals(1, result.getInt(2));
            }
        }
    }
}
