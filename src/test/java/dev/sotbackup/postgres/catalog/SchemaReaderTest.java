package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.filter;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.replay;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaReaderTest {

    private static final String SETUP = """
            CREATE SCHEMA "My ""Quoted"" Schema";
            COMMENT ON SCHEMA "My ""Quoted"" Schema" IS 'it''s mine';
            GRANT USAGE ON SCHEMA "My ""Quoted"" Schema" TO "Bob Q";
            CREATE SCHEMA skipme;
            COMMENT ON SCHEMA public IS 'changed';
            GRANT CREATE ON SCHEMA public TO "Bob Q";
            """;

    private static final String SCHEMAS = """
            SELECT nspname, pg_catalog.obj_description(oid, 'pg_namespace'), nspacl
              FROM pg_catalog.pg_namespace
             WHERE nspname !~ '^pg_' AND nspname NOT IN ('information_schema', 'skipme')
             ORDER BY nspname
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void replayedSchemasHaveTheSameCommentsAndPrivileges(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("Bob Q");
        String source = database(server, "schemas", SETUP);
        String target = database(server, "schemas_copy", null);

        List<DumpObject> objects = read(server, source, ObjectReaderTestKit.excludingSchemas("skipme"),
                new SchemaReader());
        replay(server, target, objects);

        assertEquals(rows(server, source, SCHEMAS), rows(server, target, SCHEMAS));
        DumpObject quoted = only(objects, "SCHEMA", "My \"Quoted\" Schema");
        assertEquals("CREATE SCHEMA \"My \"\"Quoted\"\" Schema\";\n", quoted.defn());
        assertEquals("SCHEMA \"My \"\"Quoted\"\" Schema\"", ObjectReaderTestKit.satellite(quoted, "ACL").tag());
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15})
    void publicSchemaIsNeverCreatedAndOmittedWhenOwnedByPgDatabaseOwner(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("Bob Q");
        String source = database(server, "public_schema", SETUP);

        List<DumpObject> objects = read(server, source, new SchemaReader());

        List<DumpObject> publicSchema = filter(objects, o -> o.desc().equals("SCHEMA") && o.tag().equals("public"));
        if (major >= 15) {
            assertTrue(publicSchema.isEmpty(), "public owned by pg_database_owner is not dumped on 15+");
            DumpObject comment = only(objects, "COMMENT", "SCHEMA public");
            assertEquals(Section.NONE, comment.section());
            assertEquals("COMMENT ON SCHEMA public IS 'changed';\n", comment.defn());
            assertEquals("GRANT CREATE ON SCHEMA public TO \"Bob Q\";\n",
                    only(objects, "ACL", "SCHEMA public").defn());
        } else {
            DumpObject schema = only(objects, "SCHEMA", "public");
            assertEquals("-- *not* creating schema, since initdb creates it\n", schema.defn());
            assertEquals("COMMENT ON SCHEMA public IS 'changed';\n",
                    ObjectReaderTestKit.satellite(schema, "COMMENT").defn());
            // PUBLIC's privileges are restated: a 15+ target starts without its CREATE, an older one with it.
            assertEquals("REVOKE ALL ON SCHEMA public FROM PUBLIC;\nGRANT USAGE,CREATE ON SCHEMA public TO PUBLIC;\n"
                            + "GRANT CREATE ON SCHEMA public TO \"Bob Q\";\n",
                    ObjectReaderTestKit.satellite(schema, "ACL").defn());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15})
    void excludedSchemasAreNotRead(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("Bob Q");
        String source = database(server, "excluded_schema", SETUP);

        List<DumpObject> objects = read(server, source, ObjectReaderTestKit.excludingSchemas("skipme"),
                new SchemaReader());

        assertTrue(filter(objects, o -> o.tag().equals("skipme")).isEmpty());
        assertEquals(1, filter(objects, o -> o.desc().equals("SCHEMA")).size(), objects.toString());
    }
}
