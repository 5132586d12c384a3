package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.satellite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionReaderTest {

    @Test
    void userExtensionsAreCreatedInTheirSchemaAndInitdbsPlpgsqlIsLeftOut() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String source = database(server, "extensions", """
                CREATE SCHEMA "Ext Schema";
                CREATE EXTENSION pg_trgm WITH SCHEMA "Ext Schema";
                COMMENT ON EXTENSION pg_trgm IS 'trigrams';
                """);

        List<DumpObject> objects = read(server, source, new ExtensionReader());

        assertEquals(1, objects.size(), objects.toString());
        DumpObject trgm = only(objects, "EXTENSION", "pg_trgm");
        assertEquals("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA \"Ext Schema\";\n", trgm.defn());
        assertEquals("DROP EXTENSION pg_trgm;\n", trgm.dropStmt());
        assertNull(trgm.namespace());
        assertNull(trgm.owner());
        assertEquals("COMMENT ON EXTENSION pg_trgm IS 'trigrams';\n", satellite(trgm, "COMMENT").defn());
    }

    @Test
    void aSchemaSelectionLeavesExtensionsOut() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String source = database(server, "extensions_selective", "CREATE EXTENSION pg_trgm;");
        CatalogOptions all = CatalogOptions.everything();
        CatalogOptions onlyPublic = new CatalogOptions(false, false, false, false, true,
                List.of(NamePattern.parse("public")), List.of(), List.of(), List.of(), List.of());

        assertEquals(1, read(server, source, all, new ExtensionReader()).size());
        assertTrue(read(server, source, onlyPublic, new ExtensionReader()).isEmpty());
    }
}
