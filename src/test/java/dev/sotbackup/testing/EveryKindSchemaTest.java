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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EveryKindSchemaTest {

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 14, 15, 16, 17, 18})
    void loadsWithItsAwkwardDataIntact(int major) throws SQLException {
        TestServer server = PostgresServers.embedded(major);
        String database = EveryKind.create(server, "everykind");
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            assertEquals("7", one(statement, "SELECT count(*) FROM sot.awkward"));
            assertEquals("256", one(statement, "SELECT length(by) FROM sot.awkward WHERE id = 6"));
            assertEquals("1048576", one(statement, "SELECT length(t) FROM sot.awkward WHERE id = 6"));
            assertEquals("tab\there\nnewline\r\ncrlf\\backslash 'quote' \"dq\" \\N not null",
                    one(statement, "SELECT t FROM sot.awkward WHERE id = 3"));
            assertEquals("unicode: 🐘🚀", one(statement, "SELECT left(t, 11) FROM sot.awkward WHERE id = 4"));
            assertEquals("true", one(statement, "SELECT (t = '')::text FROM sot.awkward WHERE id = 2"));
            assertEquals("infinity -infinity NaN", one(statement,
                    "SELECT ts::text || ' ' || tstz::text || ' ' || f4::text FROM sot.awkward WHERE id = 2"));
            assertEquals("100000", one(statement, "SELECT length(lo_get(910002))"));
            assertEquals("hello, large object", one(statement, "SELECT convert_from(lo_get(910001), 'UTF8')"));
            assertEquals("sad,meh,ok,happy,ecstatic", one(statement,
                    "SELECT array_to_string(enum_range(NULL::sot.mood), ',')"));
            // The rows of the partitioned table landed in its partitions, including the sub-partitions.
            assertEquals("200", one(statement, "SELECT count(*) FROM sot.measurements"));
            assertTrue(Integer.parseInt(one(statement, "SELECT count(*) FROM sot.measurements_2021_eu")) > 0);
            assertEquals("f", one(statement, "SELECT convalidated::text FROM pg_constraint WHERE conname = 'note_not_second'").substring(0, 1));
            assertEquals("1", one(statement, "SELECT count(*) FROM pg_event_trigger WHERE evtname = 'sot_ddl_noop'"));
            assertEquals("Lower Case Nick", one(statement,
                    "SELECT nickname FROM sot.accounts WHERE email = 'late@example.com'"));
            assertEquals("1", one(statement, "SELECT count(*) FROM pg_trigger WHERE tgname = 'measurements_touch'"
                    + " AND tgrelid = 'sot.measurements'::regclass"));
            if (major >= 18) {
                assertEquals("v", one(statement, "SELECT attgenerated FROM pg_attribute"
                        + " WHERE attrelid = 'sot.eighteen'::regclass AND attname = 'total'"));
                assertEquals("eighteen_id_required t, eighteen_note_present f, eighteen_price_not_null t",
                        one(statement, "SELECT string_agg(conname || ' ' || convalidated::text, ', ' ORDER BY conname)"
                                + " FROM pg_constraint WHERE conrelid = 'sot.eighteen'::regclass AND contype = 'n'")
                                .replace("true", "t").replace("false", "f"));
                assertEquals("3", one(statement, "SELECT count(*) FROM sot.eighteen"));
            }
        }

        DatabaseSnapshot snapshot = DatabaseSnapshot.capture(server, database);
        assertTrue(snapshot.rowChecksums().containsKey("sot.measurements_2021_eu"), "partitions are tables");
        assertFalse(snapshot.rowChecksums().containsKey("sot.measurements"), "a partitioned parent holds no rows");
        assertFalse(snapshot.rowChecksums().containsKey("sot.remote_items"), "foreign tables have no local rows");
        assertFalse(snapshot.rowChecksums().containsKey("sot.unpopulated"), "an unpopulated view cannot be read");
        assertTrue(snapshot.rowChecksums().containsKey("sot.region_totals"));
        assertEquals(3, snapshot.largeObjects().size());
        assertTrue(snapshot.privileges().get("relation sot.accounts").contains("sot_reader=r/sot_owner"),
                snapshot.privileges().get("relation sot.accounts"));
        server.dropDatabase(database);
    }

    @Test
    void stockPgDumpDumpsItsSchemaAndTwoLoadsAreIndistinguishable() {
        TestServer server = PostgresServers.embedded(15);
        Path pgDump = Oracles.require("pg_dump", server);
        String first = EveryKind.create(server, "everykind_a");
        String second = EveryKind.create(server, "everykind_b");
        try {
            Oracles.ToolResult dump = Oracles.run(true, List.of(pgDump.toString(), "-s", "-d", server.conninfo(first)));
            for (String expected : List.of("CREATE TYPE sot.mood AS ENUM", "CREATE AGGREGATE sot.product",
                    "CREATE EVENT TRIGGER sot_ddl_noop", "CREATE PUBLICATION sot_pub", "CREATE POLICY bookings_read",
                    "NOT VALID", "CREATE STATISTICS sot.measurements_stats", "NULLS NOT DISTINCT",
                    "BEGIN ATOMIC", "ALTER DEFAULT PRIVILEGES FOR ROLE sot_owner", "CREATE FOREIGN TABLE sot.remote_items")) {
                assertTrue(dump.stdout().contains(expected), "pg_dump -s output lacks " + expected);
            }
            DatabaseSnapshot a = DatabaseSnapshot.capture(server, first);
            DatabaseSnapshot b = DatabaseSnapshot.capture(server, second);
            assertNotNull(a.schema());
            DatabaseSnapshot.assertSame(a, b);
        } finally {
            server.dropDatabase(first);
            server.dropDatabase(second);
        }
    }

    private static String one(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
