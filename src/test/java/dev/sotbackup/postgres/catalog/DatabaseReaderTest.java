package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseReaderTest {

    private static final String DATABASE = """
            SELECT pg_catalog.pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, d.datconnlimit,
                   d.datistemplate, pg_catalog.shobj_description(d.oid, 'pg_database'),
                   (SELECT pg_catalog.string_agg(a::text, ',' ORDER BY a::text) FROM pg_catalog.unnest(d.datacl) a),
                   (SELECT s.setconfig FROM pg_catalog.pg_db_role_setting s
                     WHERE s.setdatabase = d.oid AND s.setrole = 0),
                   (SELECT s.setconfig FROM pg_catalog.pg_db_role_setting s
                     WHERE s.setdatabase = d.oid AND s.setrole = '"Bob Q"'::pg_catalog.regrole)
              FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void aDatabaseCreatedFromTheEntriesHasTheSameLocaleSettingsCommentAndPrivileges(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("Bob Q");
        String source = database(server, "db_entry", null);
        try (Connection c = server.connect(source); Statement st = c.createStatement()) {
            st.execute("COMMENT ON DATABASE " + source + " IS 'the db''s comment'");
            st.execute("ALTER DATABASE " + source + " CONNECTION LIMIT 7");
            st.execute("ALTER DATABASE " + source + " SET work_mem = '8MB'");
            st.execute("ALTER DATABASE " + source + " SET search_path = \"$user\", public, \"Odd, Name\"");
            st.execute("ALTER ROLE \"Bob Q\" IN DATABASE " + source + " SET statement_timeout = '5s'");
            st.execute("GRANT CONNECT ON DATABASE " + source + " TO \"Bob Q\"");
            st.execute("REVOKE TEMPORARY ON DATABASE " + source + " FROM PUBLIC");
        }

        List<DumpObject> objects = read(server, source, new DatabaseReader());

        DumpObject db = only(objects, "DATABASE", source);
        DumpObject properties = only(objects, "DATABASE PROPERTIES", source);
        assertEquals("DROP DATABASE " + source + ";\n", db.dropStmt());
        assertEquals(major >= 15, db.defn().contains(" LOCALE_PROVIDER = libc"), db.defn());
        assertTrue(properties.defn().contains("ALTER DATABASE " + source
                + " SET search_path TO '$user', 'public', 'Odd, Name';\n"), properties.defn());

        String target = source + "_copy";
        List<String> statements = new ArrayList<>();
        statements.add(db.defn());
        db.satellites().forEach(s -> statements.add(s.defn()));
        statements.add(properties.defn());
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql.replace(source, target));
            }
        }
        try {
            assertEquals(rows(server, source, DATABASE), rows(server, target, DATABASE));
        } finally {
            server.dropDatabase(target);
        }
    }

    @Test
    void createDatabaseNamesOnlyOptionsTheServerVersionUnderstands() {
        assertEquals(" ENCODING = 'UTF8' LC_COLLATE = 'C' LC_CTYPE = 'C'",
                DatabaseReader.createOptions(120000, "UTF8", "c", "C", "C", null, null, "pg_default"));
        assertEquals(" ENCODING = 'UTF8' LOCALE = 'en_US.UTF-8'",
                DatabaseReader.createOptions(130000, "UTF8", "c", "en_US.UTF-8", "en_US.UTF-8", null, null, null));
        assertEquals(" ENCODING = 'UTF8' LOCALE_PROVIDER = icu LOCALE = 'C' ICU_LOCALE = 'und' TABLESPACE = \"Fast\"",
                DatabaseReader.createOptions(150000, "UTF8", "i", "C", "C", "und", null, "Fast"));
        assertEquals(" ENCODING = 'UTF8' LOCALE_PROVIDER = builtin LC_COLLATE = 'C' LC_CTYPE = 'en_US.UTF-8'"
                        + " BUILTIN_LOCALE = 'C.UTF-8'",
                DatabaseReader.createOptions(170000, "UTF8", "b", "C", "en_US.UTF-8", "C.UTF-8", null, null));
        assertFalse(DatabaseReader.createOptions(140000, "UTF8", "c", "C", "C", null, null, null)
                .contains("LOCALE_PROVIDER"));
    }
}
