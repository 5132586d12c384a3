package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.filter;
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

class DefaultAclReaderTest {

    private static final String SETUP = """
            CREATE SCHEMA "Def Schema";
            ALTER DEFAULT PRIVILEGES FOR ROLE "Bob Q" GRANT SELECT ON TABLES TO "Carol";
            ALTER DEFAULT PRIVILEGES FOR ROLE "Bob Q" IN SCHEMA "Def Schema" GRANT EXECUTE ON FUNCTIONS TO "Carol";
            ALTER DEFAULT PRIVILEGES FOR ROLE "Carol" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
            ALTER DEFAULT PRIVILEGES FOR ROLE "Bob Q" GRANT USAGE ON SEQUENCES TO "Carol" WITH GRANT OPTION;
            ALTER DEFAULT PRIVILEGES FOR ROLE "Bob Q" REVOKE USAGE ON TYPES FROM PUBLIC;
            ALTER DEFAULT PRIVILEGES FOR ROLE "Bob Q" GRANT CREATE ON SCHEMAS TO "Carol";
            """;

    private static final String DEFAULT_ACLS = """
            SELECT pg_catalog.pg_get_userbyid(d.defaclrole), COALESCE(n.nspname, '-'), d.defaclobjtype, d.defaclacl
              FROM pg_catalog.pg_default_acl d
              LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
             ORDER BY 1, 2, 3
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void replayedDefaultPrivilegesMatchTheOriginals(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("Bob Q");
        server.ensureRole("Carol");
        String source = database(server, "default_acls", SETUP);
        String target = database(server, "default_acls_copy", null);

        List<DumpObject> objects = read(server, source, new SchemaReader(), new DefaultAclReader());
        replay(server, target, objects);

        assertEquals(6, rows(server, source, DEFAULT_ACLS).size());
        assertEquals(rows(server, source, DEFAULT_ACLS), rows(server, target, DEFAULT_ACLS));
        List<DumpObject> defaults = filter(objects, o -> o.desc().equals("DEFAULT ACL"));
        assertTrue(defaults.stream().allMatch(o -> o.section() == Section.POST_DATA));
        assertTrue(defaults.stream().anyMatch(o -> o.tag().equals("DEFAULT PRIVILEGES FOR TABLES")
                && o.namespace() == null && o.owner().equals("Bob Q")
                && o.defn().equals("ALTER DEFAULT PRIVILEGES FOR ROLE \"Bob Q\" GRANT SELECT ON TABLES  TO \"Carol\";\n")),
                defaults.toString());
        assertTrue(defaults.stream().anyMatch(o -> o.tag().equals("DEFAULT PRIVILEGES FOR FUNCTIONS")
                && "Def Schema".equals(o.namespace())
                && o.defn().equals("ALTER DEFAULT PRIVILEGES FOR ROLE \"Bob Q\" IN SCHEMA \"Def Schema\" "
                + "GRANT EXECUTE ON FUNCTIONS  TO \"Carol\";\n")), defaults.toString());
    }
}
