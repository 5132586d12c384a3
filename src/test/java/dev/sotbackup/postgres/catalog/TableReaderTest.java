package dev.sotbackup.postgres.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables as the catalogs of particular servers describe them: a distribution build's, and 18's new kinds. */
class TableReaderTest {

    @Test
    void columnOptionsADistributionBuildAddsAreLeftOutAsItsOwnPgDumpLeavesThemOut() throws SQLException {
        TestServer machine = PostgresServers.machine().orElse(null);
        assumeTrue(machine != null, "no PostgreSQL server answers at 127.0.0.1:5432 (the distribution build)");
        String source = ObjectReaderTestKit.database(machine, "attver", """
                CREATE TABLE public.t (a integer, b text);
                ALTER TABLE public.t ALTER COLUMN a SET (n_distinct = 5);
                """);
        TestServer upstream = PostgresServers.embedded(17);
        String target = upstream.createDatabase("attver");
        try {
            assumeTrue(query(machine, source, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.t'::regclass"
                    + " AND array_to_string(attoptions, ',') LIKE '%pg_attver=%'").equals("2"),
                    "the machine's PostgreSQL does not write pg_attver into attoptions");
            List<DumpObject> objects = ObjectReaderTestKit.read(machine, source, new TableReader());
            String table = definition(objects, "TABLE", "t");
            assertFalse(table.contains("pg_attver"), table);
            assertTrue(table.contains("ALTER TABLE ONLY public.t ALTER COLUMN a SET (n_distinct=5);"), table);
            // What failed before: an upstream server rejects the option ("unrecognized parameter").
            ObjectReaderTestKit.replay(upstream, target, objects);
            assertEquals("{n_distinct=5}", query(upstream, target,
                    "SELECT attoptions::text FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attname = 'a'"));
        } finally {
            machine.dropDatabase(source);
            upstream.dropDatabase(target);
        }
    }

    @Test
    void eighteensNotNullConstraintsKeepTheirNameNoInheritValidityAndComment() throws SQLException {
        TestServer server = PostgresServers.embedded(18);
        String source = ObjectReaderTestKit.database(server, "notnull18", """
                CREATE TABLE public.t (
                    id integer CONSTRAINT t_id_required NOT NULL,
                    price numeric NOT NULL NO INHERIT,
                    plain integer NOT NULL,
                    note text
                );
                INSERT INTO public.t VALUES (1, 1, 1, NULL);
                ALTER TABLE public.t ADD CONSTRAINT t_note_present NOT NULL note NOT VALID;
                COMMENT ON CONSTRAINT t_id_required ON public.t IS 'named';
                """);
        String target = server.createDatabase("notnull18");
        try {
            List<DumpObject> objects = ObjectReaderTestKit.read(server, source, new TableReader(),
                    new ForeignKeyReader());
            String table = definition(objects, "TABLE", "t");
            assertTrue(table.contains("    id integer CONSTRAINT t_id_required NOT NULL,\n"), table);
            assertTrue(table.contains("    price numeric NOT NULL NO INHERIT,\n"), table);
            assertTrue(table.contains("    plain integer NOT NULL,\n"), table);
            // NOT VALID: the row with a null must load, so the column is created nullable.
            assertTrue(table.contains("    note text\n"), table);
            assertEquals("ALTER TABLE public.t\n    ADD CONSTRAINT t_note_present NOT NULL note NOT VALID;\n",
                    definition(objects, "CONSTRAINT", "t t_note_present"));
            ObjectReaderTestKit.replay(server, target, objects);
            String constraints = "SELECT string_agg(conname || ' ' || convalidated || ' ' || connoinherit || ' '"
                    + " || coalesce(obj_description(oid, 'pg_constraint'), '-'), ', ' ORDER BY conname)"
                    + " FROM pg_constraint WHERE conrelid = 'public.t'::regclass";
            assertEquals(query(server, source, constraints), query(server, target, constraints));
        } finally {
            server.dropDatabase(source);
            server.dropDatabase(target);
        }
    }

    @Test
    void virtualGeneratedColumnsAreDumpedAsGeneratedColumnsNotAsDefaults() throws SQLException {
        TestServer server = PostgresServers.embedded(18);
        String source = ObjectReaderTestKit.database(server, "virtual18", """
                CREATE TABLE public.t (a integer, doubled integer GENERATED ALWAYS AS (a * 2) VIRTUAL,
                                       tripled integer GENERATED ALWAYS AS (a * 3) STORED);
                """);
        String target = server.createDatabase("virtual18");
        try {
            List<DumpObject> objects = ObjectReaderTestKit.read(server, source, new TableReader());
            String table = definition(objects, "TABLE", "t");
            assertTrue(table.contains("    doubled integer GENERATED ALWAYS AS ((a * 2)),\n"), table);
            assertTrue(table.contains("    tripled integer GENERATED ALWAYS AS ((a * 3)) STORED\n"), table);
            assertEquals("COPY public.t (a) FROM stdin;\n", ObjectReaderTestKit.only(objects, "TABLE DATA", "t").copyStmt());
            ObjectReaderTestKit.replay(server, target, objects);
            String generated = "SELECT string_agg(attname || '=' || attgenerated::text, ',' ORDER BY attnum)"
                    + " FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attnum > 0";
            assertEquals("a=,doubled=v,tripled=s", query(server, target, generated));
        } finally {
            server.dropDatabase(source);
            server.dropDatabase(target);
        }
    }

    private static String definition(List<DumpObject> objects, String desc, String tag) {
        return ObjectReaderTestKit.only(objects, desc, tag).defn();
    }

    private static String query(TestServer server, String database, String sql) throws SQLException {
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
