package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.replay;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.rows;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.satellite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LargeObjectReaderTest {

    private static final String SETUP = """
            SELECT pg_catalog.lo_create(424242);
            SELECT pg_catalog.lo_from_bytea(424243, 'hello');
            COMMENT ON LARGE OBJECT 424242 IS 'it''s large';
            GRANT SELECT ON LARGE OBJECT 424242 TO "Bob Q";
            ALTER LARGE OBJECT 424243 OWNER TO "Bob Q";
            """;

    private static final String LARGE_OBJECTS = """
            SELECT oid, pg_catalog.obj_description(oid, 'pg_largeobject'), lomacl
              FROM pg_catalog.pg_largeobject_metadata ORDER BY oid
            """;

    @Test
    void eachLargeObjectIsRecreatedWithCommentAndPrivilegesAndOneBlobsEntryCarriesTheData() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        server.ensureRole("Bob Q");
        String source = database(server, "blobs", SETUP);
        String target = database(server, "blobs_copy", null);

        List<DumpObject> objects = read(server, source, new LargeObjectReader());
        replay(server, target, objects);

        assertEquals(rows(server, source, LARGE_OBJECTS), rows(server, target, LARGE_OBJECTS));
        DumpObject blob = only(objects, "BLOB", "424242");
        assertEquals("SELECT pg_catalog.lo_create('424242');\n", blob.defn());
        assertEquals("SELECT pg_catalog.lo_unlink('424242');\n", blob.dropStmt());
        assertEquals(CatalogId.of(CatalogId.PG_LARGEOBJECT_METADATA, 424242), blob.id());
        assertEquals("LARGE OBJECT 424242", satellite(blob, "COMMENT").tag());
        assertEquals("GRANT SELECT ON LARGE OBJECT 424242 TO \"Bob Q\";\n", satellite(blob, "ACL").defn());
        assertEquals("Bob Q", only(objects, "BLOB", "424243").owner());

        DumpObject data = only(objects, "BLOBS", "BLOBS");
        assertEquals(Section.DATA, data.section());
        assertEquals(Priority.LARGE_OBJECT_DATA, data.priority());
        assertEquals(LargeObjectReader.BLOBS, data.dataTable().name());
        assertEquals(0, data.dataTable().oid());
    }

    @Test
    void schemaOnlyDumpsAndDatabasesWithoutLargeObjectsGetNoEntries() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        server.ensureRole("Bob Q");
        String empty = database(server, "no_blobs", null);
        String withBlobs = database(server, "blobs_schema_only", SETUP);
        CatalogOptions schemaOnly = new CatalogOptions(true, false, false, false, true, List.of(), List.of(),
                List.of(), List.of(), List.of());

        assertTrue(read(server, empty, new LargeObjectReader()).isEmpty());
        assertTrue(read(server, withBlobs, schemaOnly, new LargeObjectReader()).isEmpty());
    }
}
