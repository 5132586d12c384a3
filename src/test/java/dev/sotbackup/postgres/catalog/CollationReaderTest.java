package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.replay;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CollationReaderTest {

    private static final String LIBC = """
            CREATE SCHEMA "Coll";
            CREATE COLLATION "Coll"."My C" (locale = 'C');
            COMMENT ON COLLATION "Coll"."My C" IS 'plain C';
            CREATE COLLATION "Coll".mixed (lc_collate = 'C', lc_ctype = 'POSIX');
            """;

    private static final String ICU = """
            CREATE COLLATION "Coll".ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
            CREATE COLLATION "Coll".de (provider = icu, locale = 'de');
            """;

    /** Every column but the ones that differ by construction, whatever this version's columns are. */
    private static final String COLLATIONS = """
            SELECT (pg_catalog.to_jsonb(c) - 'oid' - 'collnamespace')::text,
                   pg_catalog.obj_description(c.oid, 'pg_collation')
              FROM pg_catalog.pg_collation c
             WHERE c.collnamespace = '"Coll"'::pg_catalog.regnamespace
             ORDER BY c.collname
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void replayedCollationsMatchTheOriginals(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        String probe = database(server, "icu_probe", null);
        boolean icu = !rows(server, probe, "SELECT 1 FROM pg_catalog.pg_collation WHERE collprovider = 'i' LIMIT 1")
                .isEmpty();
        String source = database(server, "collations", LIBC + (icu ? ICU : ""));
        String target = database(server, "collations_copy", null);

        List<DumpObject> objects = read(server, source, new SchemaReader(), new CollationReader());
        replay(server, target, objects);

        assertEquals(rows(server, source, COLLATIONS), rows(server, target, COLLATIONS));
        assertEquals(icu ? 4 : 2, rows(server, target, COLLATIONS).size());
        assertEquals("CREATE COLLATION \"Coll\".\"My C\" (provider = libc, locale = 'C');\n",
                only(objects, "COLLATION", "My C").defn());
        assertEquals("CREATE COLLATION \"Coll\".mixed (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX');\n",
                only(objects, "COLLATION", "mixed").defn());
        if (icu) {
            assertEquals("CREATE COLLATION \"Coll\".ci (provider = icu, deterministic = false, "
                    + "locale = 'und-u-ks-level2');\n", only(objects, "COLLATION", "ci").defn());
        }
    }
}
