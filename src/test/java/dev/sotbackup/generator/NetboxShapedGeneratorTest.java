package dev.sotbackup.generator;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetboxShapedGeneratorTest {

    private static final long SIZE = 2L << 20;
    private static TestServer server;
    private static String database;
    private static NetboxShapedGenerator.Result result;
    private static final List<String> databases = new ArrayList<>();

    @BeforeAll
    static void generateOnce() throws SQLException {
        server = PostgresServers.embedded(15);
        database = create();
        try (Connection connection = server.connect(database)) {
            result = new NetboxShapedGenerator(7).generate(connection, SIZE);
        }
    }

    @AfterAll
    static void dropDatabases() {
        databases.forEach(server::dropDatabase);
    }

    private static String create() {
        String name = server.createDatabase("nbgen");
        databases.add(name);
        return name;
    }

    private static String query(String database, String sql) throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void sizeIsNearTheTargetAndMostlyChangelog() {
        assertTrue(result.copyBytes() >= SIZE && result.copyBytes() < SIZE + (SIZE / 10), "" + result);
        assertTrue(result.changelogBytes() > result.copyBytes() * 8 / 10, "" + result);
        assertTrue(result.changelogRows() > 500, "" + result);
    }

    @Test
    void rowCountsMatchTheResult() throws SQLException {
        assertEquals(Long.toString(result.changelogRows()), query(database, "SELECT count(*) FROM core_objectchange"));
        assertEquals(Long.toString(result.devices()), query(database, "SELECT count(*) FROM dcim_device"));
        assertEquals(Long.toString(result.interfaces()), query(database, "SELECT count(*) FROM dcim_interface"));
    }

    @Test
    void changelogJsonLooksLikeNetboxObjects() throws SQLException {
        String range = query(database, "SELECT min(n) || '-' || max(n) FROM (SELECT (SELECT count(*) FROM "
                + "jsonb_object_keys(coalesce(postchange_data, prechange_data))) AS n FROM core_objectchange) k");
        String[] bounds = range.split("-");
        assertTrue(Integer.parseInt(bounds[0]) >= 15 && Integer.parseInt(bounds[1]) <= 35, range);
        assertEquals("3", query(database, "SELECT count(DISTINCT action) FROM core_objectchange"));
        assertEquals("0", query(database, "SELECT count(*) FROM core_objectchange WHERE action = 'update' "
                + "AND prechange_data = postchange_data"));
    }

    @Test
    void schemaHasNetboxIndexesForeignKeysAndIdentifiesAsNetbox42() throws SQLException {
        assertEquals("8", query(database, "SELECT count(*) FROM pg_indexes WHERE tablename = 'core_objectchange'"));
        assertEquals("3", query(database, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
                + "AND conrelid = 'core_objectchange'::regclass"));
        assertEquals("0200_populate_mac_addresses", query(database,
                "SELECT name FROM django_migrations WHERE app = 'dcim' ORDER BY id DESC LIMIT 1"));
        // Sequences continue after the loaded ids, so the application could insert.
        assertEquals(Long.toString(result.changelogRows() + 1),
                query(database, "SELECT nextval(pg_get_serial_sequence('core_objectchange', 'id'))"));
    }

    @Test
    void sameSeedGivesSameDataAndOtherSeedDiffers() throws SQLException {
        String again = create();
        String other = create();
        try (Connection a = server.connect(again); Connection b = server.connect(other)) {
            new NetboxShapedGenerator(7).generate(a, SIZE / 4);
            new NetboxShapedGenerator(8).generate(b, SIZE / 4);
        }
        String digest = "SELECT md5(string_agg(t::text, E'\\n' ORDER BY id)) FROM "
                + "(SELECT * FROM core_objectchange ORDER BY id LIMIT 300) t";
        String third = create();
        try (Connection c = server.connect(third)) {
            new NetboxShapedGenerator(7).generate(c, SIZE / 4);
        }
        assertEquals(query(again, digest), query(third, digest));
        assertNotEquals(query(again, digest), query(other, digest));
    }

    @Test
    void generatingTwiceIntoTheSameDatabaseIsRefused() throws SQLException {
        try (Connection connection = server.connect(database)) {
            assertThrows(IllegalStateException.class, () -> new NetboxShapedGenerator(7).generate(connection, 1000));
        }
    }

    @Test
    void mutateChangesAboutTheRequestedFraction() throws SQLException {
        String target = create();
        long rows;
        try (Connection connection = server.connect(target)) {
            rows = new NetboxShapedGenerator(3).generate(connection, SIZE / 2).changelogRows();
            NetboxShapedGenerator.Mutation mutation = new NetboxShapedGenerator(3).mutate(connection, 0.2, 99);
            long expectedEach = rows / 10;
            assertTrue(Math.abs(mutation.updatedRows() - expectedEach) < expectedEach / 2 + 5, "" + mutation);
            assertEquals(Math.round(rows * 0.2) - Math.round(rows * 0.2) / 2, mutation.insertedRows());
            assertEquals(Long.toString(rows + mutation.insertedRows()),
                    query(target, "SELECT count(*) FROM core_objectchange"));
            assertEquals(Long.toString(mutation.updatedRows()), query(target, "SELECT count(*) FROM "
                    + "core_objectchange WHERE postchange_data->>'description' = 'edited in mutation 99'"));
        }
    }

    @Test
    void sizesParseWithUnits() {
        assertEquals(1200L << 20, NetboxShapedGenerator.parseSize("1200M"));
        assertEquals((long) (1.5 * (1L << 30)), NetboxShapedGenerator.parseSize("1.5G"));
        assertEquals(4096, NetboxShapedGenerator.parseSize("4k"));
        assertThrows(IllegalArgumentException.class, () -> NetboxShapedGenerator.parseSize("lots"));
    }
}
