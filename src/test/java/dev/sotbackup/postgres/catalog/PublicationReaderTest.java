package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.excludingSchemas;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.filter;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.replay;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.rows;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.satellite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PUBLICATION / PUBLICATION TABLE / PUBLICATION TABLES IN SCHEMA: read, replay, compare the catalogs. */
class PublicationReaderTest {

    private static final String PREREQUISITES = """
            CREATE SCHEMA "Ft";
            CREATE SCHEMA pubs;
            CREATE TABLE "Ft".local (id int PRIMARY KEY, v text, w int);
            CREATE TABLE "Ft".part (id int, k int) PARTITION BY RANGE (id);
            CREATE TABLE "Ft".part1 PARTITION OF "Ft".part FOR VALUES FROM (0) TO (10);
            CREATE TABLE pubs.t1 (a int);
            """;

    /** Works on 13+ (no column lists, row filters or schemas). */
    private static final String SETUP_13 = PREREQUISITES + """
            CREATE PUBLICATION p_all FOR ALL TABLES;
            COMMENT ON PUBLICATION p_all IS 'all';
            CREATE PUBLICATION "P Some" FOR TABLE "Ft".local, "Ft".part
                WITH (publish = 'insert', publish_via_partition_root = true);
            CREATE PUBLICATION p_other WITH (publish = '');
            ALTER PUBLICATION p_other ADD TABLE "Ft".part1, pubs.t1;
            CREATE PUBLICATION p_empty;
            """;

    private static final String SETUP_15 = PREREQUISITES + """
            CREATE PUBLICATION p_all FOR ALL TABLES;
            COMMENT ON PUBLICATION p_all IS 'all';
            CREATE PUBLICATION "P Some" FOR TABLE "Ft".local (id, v) WHERE (id > 5), "Ft".part
                WITH (publish = 'insert', publish_via_partition_root = true);
            CREATE PUBLICATION p_other FOR TABLES IN SCHEMA pubs WITH (publish = '');
            ALTER PUBLICATION p_other ADD TABLE "Ft".part1;
            CREATE PUBLICATION p_empty;
            """;

    private static final String PUBLICATIONS = """
            SELECT (pg_catalog.to_jsonb(p) - 'oid')::text, pg_catalog.obj_description(p.oid, 'pg_publication')
              FROM pg_catalog.pg_publication p ORDER BY p.pubname
            """;

    private static final String TABLES_13 = """
            SELECT p.pubname, pr.prrelid::pg_catalog.regclass::text
              FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
             ORDER BY 1, 2
            """;

    private static final String TABLES_15 = """
            SELECT p.pubname, pr.prrelid::pg_catalog.regclass::text, pg_catalog.pg_get_expr(pr.prqual, pr.prrelid),
                   pr.prattrs::text
              FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
             ORDER BY 1, 2
            """;

    private static final String SCHEMAS = """
            SELECT p.pubname, pn.pnnspid::pg_catalog.regnamespace::text
              FROM pg_catalog.pg_publication_namespace pn JOIN pg_catalog.pg_publication p ON p.oid = pn.pnpubid
             ORDER BY 1, 2
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void replayedPublicationsMatchTheOriginals(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        boolean v15 = major >= 15;
        String source = database(server, "pubs", v15 ? SETUP_15 : SETUP_13);
        String target = database(server, "pubs_copy", PREREQUISITES);

        List<DumpObject> objects = read(server, source, new PublicationReader());
        replay(server, target, objects);

        assertEquals(4, rows(server, target, PUBLICATIONS).size());
        assertEquals(rows(server, source, PUBLICATIONS), rows(server, target, PUBLICATIONS));
        String tables = v15 ? TABLES_15 : TABLES_13;
        assertEquals(v15 ? 3 : 4, rows(server, target, tables).size());
        assertEquals(rows(server, source, tables), rows(server, target, tables));
        if (v15) {
            assertEquals(List.of("p_other | pubs"), rows(server, target, SCHEMAS));
            assertEquals(rows(server, source, SCHEMAS), rows(server, target, SCHEMAS));
        }
        assertTrue(objects.stream().allMatch(o -> o.section() == Section.POST_DATA));
    }

    /** Text as pg_dump 15 prints it (checked against pg_dump 15.20 on the same objects). */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15})
    void definitionsMirrorPgDump(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        String source = database(server, "pubs_text", SETUP_15);
        List<DumpObject> objects = read(server, source, new PublicationReader());

        DumpObject all = only(objects, "PUBLICATION", "p_all");
        assertEquals("CREATE PUBLICATION p_all FOR ALL TABLES WITH (publish = 'insert, update, delete, truncate');\n",
                all.defn());
        assertEquals("DROP PUBLICATION p_all;\n", all.dropStmt());
        assertEquals(server.superuser(), all.owner());
        assertNull(all.namespace());
        assertEquals(Priority.PUBLICATION, all.priority());
        assertEquals("PUBLICATION p_all", satellite(all, "COMMENT").tag());
        assertEquals("COMMENT ON PUBLICATION p_all IS 'all';\n", satellite(all, "COMMENT").defn());
        DumpObject some = only(objects, "PUBLICATION", "P Some");
        assertEquals("CREATE PUBLICATION \"P Some\" WITH (publish = 'insert', publish_via_partition_root = true);\n",
                some.defn());
        assertEquals("CREATE PUBLICATION p_other WITH (publish = '');\n",
                only(objects, "PUBLICATION", "p_other").defn());
        assertEquals("CREATE PUBLICATION p_empty WITH (publish = 'insert, update, delete, truncate');\n",
                only(objects, "PUBLICATION", "p_empty").defn());

        DumpObject local = only(objects, "PUBLICATION TABLE", "P Some local");
        assertEquals("ALTER PUBLICATION \"P Some\" ADD TABLE ONLY \"Ft\".local (id, v) WHERE ((id > 5));\n",
                local.defn());
        assertEquals("Ft", local.namespace());
        assertNull(local.dropStmt());
        assertEquals(PublicationReader.PG_PUBLICATION_REL, local.id().classOid());
        assertEquals(some.id(), local.explicitDeps().get(0));
        assertEquals(CatalogId.PG_CLASS, local.explicitDeps().get(1).classOid());
        assertEquals("ALTER PUBLICATION \"P Some\" ADD TABLE ONLY \"Ft\".part;\n",
                only(objects, "PUBLICATION TABLE", "P Some part").defn());
        assertEquals("ALTER PUBLICATION p_other ADD TABLE ONLY \"Ft\".part1;\n",
                only(objects, "PUBLICATION TABLE", "p_other part1").defn());
        DumpObject schema = only(objects, "PUBLICATION TABLES IN SCHEMA", "p_other pubs");
        assertEquals("ALTER PUBLICATION p_other ADD TABLES IN SCHEMA pubs;\n", schema.defn());
        assertEquals("pubs", schema.namespace());
        assertEquals(Section.POST_DATA, schema.section());
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15})
    void excludedTablesAndSchemasAreLeftOut(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        String source = database(server, "pubs_filter", SETUP_15);
        List<DumpObject> objects = read(server, source, excludingSchemas("\"Ft\""), new PublicationReader());
        assertEquals(4, filter(objects, o -> o.desc().equals("PUBLICATION")).size());
        assertTrue(filter(objects, o -> o.desc().equals("PUBLICATION TABLE")).isEmpty());
        assertEquals(1, filter(objects, o -> o.desc().equals("PUBLICATION TABLES IN SCHEMA")).size());
        objects = read(server, source, excludingSchemas("pubs"), new PublicationReader());
        assertTrue(filter(objects, o -> o.desc().equals("PUBLICATION TABLES IN SCHEMA")).isEmpty());
        assertEquals(3, filter(objects, o -> o.desc().equals("PUBLICATION TABLE")).size());
    }
}
