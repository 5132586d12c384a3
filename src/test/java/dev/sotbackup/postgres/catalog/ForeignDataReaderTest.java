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

/** FOREIGN DATA WRAPPER / SERVER / USER MAPPING and FOREIGN TABLE: read, replay, compare the catalogs. */
/* Options are compared as sets: pg_dump (and so we) print them sorted by name, not in catalog order. */
class ForeignDataReaderTest {

    /** What the foreign objects need: created in the replay target up front (TableReader reads them too). */
    private static final String PREREQUISITES = """
            CREATE SCHEMA "Ft";
            CREATE FUNCTION "Ft".h() RETURNS fdw_handler LANGUAGE internal AS 'now';
            CREATE TABLE "Ft".local (id int PRIMARY KEY, v text, w int);
            CREATE TABLE "Ft".part (id int, k int) PARTITION BY RANGE (id);
            """;

    private static final String SETUP = PREREQUISITES + """
            CREATE FOREIGN DATA WRAPPER plain;
            CREATE FOREIGN DATA WRAPPER v VALIDATOR pg_catalog.postgresql_fdw_validator;
            CREATE FOREIGN DATA WRAPPER "Full W" HANDLER "Ft".h OPTIONS (debug 'true', "Odd Key" 'it''s');
            COMMENT ON FOREIGN DATA WRAPPER "Full W" IS 'a wrapper';
            GRANT USAGE ON FOREIGN DATA WRAPPER "Full W" TO fdw_user WITH GRANT OPTION;
            CREATE SERVER s1 FOREIGN DATA WRAPPER plain;
            CREATE SERVER "S Two" TYPE 'oracle' VERSION '9.1' FOREIGN DATA WRAPPER "Full W"
                OPTIONS (host 'db.example', dbname 'x');
            COMMENT ON SERVER "S Two" IS 'second';
            GRANT USAGE ON FOREIGN SERVER "S Two" TO "Fdw Other";
            REVOKE ALL ON FOREIGN SERVER s1 FROM CURRENT_USER;
            CREATE USER MAPPING FOR fdw_user SERVER "S Two" OPTIONS (user 'bob', password 'sec''ret');
            CREATE USER MAPPING FOR PUBLIC SERVER s1;
            CREATE USER MAPPING FOR "Fdw Other" SERVER s1 OPTIONS ("user" 'x');
            CREATE FOREIGN TABLE "Ft"."For T" (id integer OPTIONS (column_name 'ID') NOT NULL,
                "Name" text COLLATE "C" DEFAULT 'x', n numeric(10,2))
                SERVER "S Two" OPTIONS (schema_name 'remote', table_name 'tt');
            COMMENT ON FOREIGN TABLE "Ft"."For T" IS 'ft';
            COMMENT ON COLUMN "Ft"."For T"."Name" IS 'col';
            GRANT SELECT ON "Ft"."For T" TO fdw_user;
            GRANT SELECT ("Name") ON "Ft"."For T" TO "Fdw Other";
            CREATE FOREIGN TABLE "Ft".plain (a int) SERVER s1;
            ALTER FOREIGN TABLE "Ft".plain ALTER COLUMN a SET STATISTICS 50;
            ALTER FOREIGN TABLE "Ft".plain ADD CONSTRAINT chk CHECK (a > 0);
            CREATE FOREIGN TABLE "Ft".fp (id int, k int NOT NULL) SERVER s1;
            ALTER TABLE "Ft".part ATTACH PARTITION "Ft".fp FOR VALUES FROM (10) TO (20);
            CREATE FOREIGN TABLE "Ft".child (extra text COLLATE "C" NOT NULL) INHERITS ("Ft".local) SERVER s1;
            ALTER FOREIGN TABLE "Ft".child ALTER COLUMN extra SET STORAGE EXTERNAL, ALTER COLUMN v SET DEFAULT 'z';
            """;

    private static final String WRAPPERS = """
            SELECT w.fdwname, w.fdwowner::pg_catalog.regrole, w.fdwhandler::pg_catalog.regproc,
                   w.fdwvalidator::pg_catalog.regproc, w.fdwacl, (SELECT pg_catalog.array_agg(o ORDER BY o) FROM pg_catalog.unnest(w.fdwoptions) o),
                   pg_catalog.obj_description(w.oid, 'pg_foreign_data_wrapper')
              FROM pg_catalog.pg_foreign_data_wrapper w ORDER BY 1
            """;

    private static final String SERVERS = """
            SELECT s.srvname, s.srvowner::pg_catalog.regrole, w.fdwname, s.srvtype, s.srvversion, s.srvacl,
                   (SELECT pg_catalog.array_agg(o ORDER BY o) FROM pg_catalog.unnest(s.srvoptions) o), pg_catalog.obj_description(s.oid, 'pg_foreign_server')
              FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
             ORDER BY 1
            """;

    private static final String MAPPINGS = """
            SELECT srvname, usename,
                   (SELECT pg_catalog.array_agg(o ORDER BY o) FROM pg_catalog.unnest(umoptions) o) FROM pg_catalog.pg_user_mappings ORDER BY 1, 2
            """;

    private static final String FOREIGN_TABLES = """
            SELECT c.relname, c.relowner::pg_catalog.regrole, s.srvname, (SELECT pg_catalog.array_agg(o ORDER BY o) FROM pg_catalog.unnest(ft.ftoptions) o), c.relacl, c.relispartition,
                   pg_catalog.pg_get_expr(c.relpartbound, c.oid),
                   (SELECT pg_catalog.array_agg(i.inhparent::pg_catalog.regclass) FROM pg_catalog.pg_inherits i
                     WHERE i.inhrelid = c.oid),
                   pg_catalog.obj_description(c.oid, 'pg_class')
              FROM pg_catalog.pg_foreign_table ft
              JOIN pg_catalog.pg_class c ON c.oid = ft.ftrelid
              JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
             ORDER BY 1
            """;

    private static final String COLUMNS = """
            SELECT c.relname, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attislocal, a.attinhcount, COALESCE(a.attstattarget, -1), a.attstorage,
                   a.attcollation::pg_catalog.regcollation, (SELECT pg_catalog.array_agg(o ORDER BY o) FROM pg_catalog.unnest(a.attfdwoptions) o), a.attacl,
                   pg_catalog.pg_get_expr(d.adbin, d.adrelid), pg_catalog.col_description(c.oid, a.attnum)
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind = 'f'
              LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attnum > 0 AND NOT a.attisdropped
             ORDER BY 1, 2
            """;

    private static final String CONSTRAINTS = """
            SELECT c.relname, co.conname, pg_catalog.pg_get_constraintdef(co.oid), co.conislocal
              FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c ON c.oid = co.conrelid AND c.relkind = 'f'
             ORDER BY 1, 2
            """;

    private static List<DumpObject> setUp(TestServer server, String prefix) throws Exception {
        server.ensureRole("fdw_user");
        server.ensureRole("Fdw Other");
        String source = database(server, prefix, SETUP);
        return read(server, source, new ForeignDataReader(), new TableReader());
    }

    /** Leaves out the prerequisite tables (and their data), which the replay target already has. */
    private static List<DumpObject> withoutPrerequisiteTables(List<DumpObject> objects) {
        return filter(objects, o -> !o.desc().equals("TABLE") && !o.desc().equals("TABLE DATA"));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void replayedForeignObjectsMatchTheOriginals(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("fdw_user");
        server.ensureRole("Fdw Other");
        String source = database(server, "fdw", SETUP);
        String target = database(server, "fdw_copy", PREREQUISITES);

        List<DumpObject> objects = read(server, source, new ForeignDataReader(), new TableReader());
        replay(server, target, withoutPrerequisiteTables(objects));

        for (String query : List.of(WRAPPERS, SERVERS, MAPPINGS, FOREIGN_TABLES, COLUMNS, CONSTRAINTS)) {
            assertEquals(rows(server, source, query), rows(server, target, query), query);
        }
        assertEquals(3, rows(server, target, WRAPPERS).size());
        assertEquals(3, rows(server, target, MAPPINGS).size());
        assertEquals(4, rows(server, target, FOREIGN_TABLES).size());
    }

    /** Text as pg_dump 15 prints it (checked against pg_dump 15.20 on the same objects). */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15})
    void definitionsMirrorPgDump(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        List<DumpObject> objects = setUp(server, "fdw_text");
        String me = server.superuser();

        DumpObject full = only(objects, "FOREIGN DATA WRAPPER", "Full W");
        assertEquals("CREATE FOREIGN DATA WRAPPER \"Full W\" HANDLER \"Ft\".h OPTIONS (\n"
                + "    \"Odd Key\" 'it''s',\n    debug 'true'\n);\n", full.defn());
        assertEquals("DROP FOREIGN DATA WRAPPER \"Full W\";\n", full.dropStmt());
        assertNull(full.namespace());
        assertEquals(me, full.owner());
        assertEquals(Priority.FDW, full.priority());
        assertEquals(ForeignDataReader.PG_FOREIGN_DATA_WRAPPER, full.id().classOid());
        assertEquals("COMMENT ON FOREIGN DATA WRAPPER \"Full W\" IS 'a wrapper';\n", satellite(full, "COMMENT").defn());
        assertEquals("FOREIGN DATA WRAPPER \"Full W\"", satellite(full, "COMMENT").tag());
        assertEquals("FOREIGN DATA WRAPPER \"Full W\"", satellite(full, "ACL").tag());
        assertEquals("CREATE FOREIGN DATA WRAPPER plain;\n", only(objects, "FOREIGN DATA WRAPPER", "plain").defn());
        assertEquals("CREATE FOREIGN DATA WRAPPER v VALIDATOR postgresql_fdw_validator;\n",
                only(objects, "FOREIGN DATA WRAPPER", "v").defn());

        DumpObject two = only(objects, "SERVER", "S Two");
        assertEquals("CREATE SERVER \"S Two\" TYPE 'oracle' VERSION '9.1' FOREIGN DATA WRAPPER \"Full W\" OPTIONS (\n"
                + "    dbname 'x',\n    host 'db.example'\n);\n", two.defn());
        assertEquals("DROP SERVER \"S Two\";\n", two.dropStmt());
        assertEquals(Priority.FOREIGN_SERVER, two.priority());
        assertEquals("SERVER \"S Two\"", satellite(two, "COMMENT").tag());
        assertEquals("COMMENT ON SERVER \"S Two\" IS 'second';\n", satellite(two, "COMMENT").defn());
        assertEquals("FOREIGN SERVER \"S Two\"", satellite(two, "ACL").tag());
        DumpObject s1 = only(objects, "SERVER", "s1");
        assertEquals("CREATE SERVER s1 FOREIGN DATA WRAPPER plain;\n", s1.defn());
        assertEquals("REVOKE ALL ON FOREIGN SERVER s1 FROM " + me + ";\n", satellite(s1, "ACL").defn());

        DumpObject bob = only(objects, "USER MAPPING", "USER MAPPING fdw_user SERVER S Two");
        assertEquals("CREATE USER MAPPING FOR fdw_user SERVER \"S Two\" OPTIONS (\n"
                + "    password 'sec''ret',\n    \"user\" 'bob'\n);\n", bob.defn());
        assertEquals("DROP USER MAPPING FOR fdw_user SERVER \"S Two\";\n", bob.dropStmt());
        assertEquals(List.of(two.id()), bob.explicitDeps());
        assertEquals("CREATE USER MAPPING FOR public SERVER s1;\n",
                only(objects, "USER MAPPING", "USER MAPPING public SERVER s1").defn());
        assertEquals("CREATE USER MAPPING FOR \"Fdw Other\" SERVER s1 OPTIONS (\n    \"user\" 'x'\n);\n",
                only(objects, "USER MAPPING", "USER MAPPING Fdw Other SERVER s1").defn());

        DumpObject forT = only(objects, "FOREIGN TABLE", "For T");
        assertEquals("""
                CREATE FOREIGN TABLE "Ft"."For T" (
                    id integer NOT NULL,
                    "Name" text DEFAULT 'x'::text COLLATE pg_catalog."C",
                    n numeric(10,2)
                )
                SERVER "S Two"
                OPTIONS (
                    schema_name 'remote',
                    table_name 'tt'
                );
                ALTER FOREIGN TABLE "Ft"."For T" ALTER COLUMN id OPTIONS (
                    column_name 'ID'
                );
                """, forT.defn());
        assertEquals("DROP FOREIGN TABLE \"Ft\".\"For T\";\n", forT.dropStmt());
        assertEquals("Ft", forT.namespace());
        assertEquals('f', forT.relkind());
        assertEquals(Section.PRE_DATA, forT.section());
        assertEquals(List.of("COMMENT FOREIGN TABLE \"For T\"", "COMMENT COLUMN \"For T\".\"Name\"",
                        "ACL TABLE \"For T\"", "ACL COLUMN \"For T\".\"Name\""),
                forT.satellites().stream().map(s -> s.desc() + " " + s.tag()).toList());
        assertEquals("GRANT SELECT ON TABLE \"Ft\".\"For T\" TO fdw_user;\n", satellite(forT, "ACL").defn());
        assertEquals("""
                CREATE FOREIGN TABLE "Ft".plain (
                    a integer,
                    CONSTRAINT chk CHECK ((a > 0))
                )
                SERVER s1;
                ALTER FOREIGN TABLE ONLY "Ft".plain ALTER COLUMN a SET STATISTICS 50;
                """, only(objects, "FOREIGN TABLE", "plain").defn());
        assertEquals("""
                CREATE FOREIGN TABLE "Ft".fp (
                    id integer,
                    k integer NOT NULL
                )
                SERVER s1;
                """, only(objects, "FOREIGN TABLE", "fp").defn());
        assertEquals("ALTER TABLE ONLY \"Ft\".part ATTACH PARTITION \"Ft\".fp FOR VALUES FROM (10) TO (20);\n",
                only(objects, "TABLE ATTACH", "fp").defn());
        assertTrue(only(objects, "FOREIGN TABLE", "child").defn().startsWith("""
                CREATE FOREIGN TABLE "Ft".child (
                    extra text NOT NULL COLLATE pg_catalog."C"
                )
                INHERITS ("Ft".local)
                SERVER s1;
                """), only(objects, "FOREIGN TABLE", "child").defn());
        assertTrue(only(objects, "FOREIGN TABLE", "child").defn()
                .contains("ALTER FOREIGN TABLE ONLY \"Ft\".child ALTER COLUMN extra SET STORAGE EXTERNAL;\n"));
        // Foreign tables have no TABLE DATA: the only data entry is the prerequisite plain table's.
        assertEquals(List.of("local"),
                filter(objects, o -> o.desc().equals("TABLE DATA")).stream().map(DumpObject::tag).toList());
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15})
    void filtersFollowPgDump(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("fdw_user");
        server.ensureRole("Fdw Other");
        String source = database(server, "fdw_filter", SETUP);
        // -N Ft: the foreign tables go, wrappers, servers and mappings stay (no -n/-t: whole database).
        List<DumpObject> objects = read(server, source, excludingSchemas("\"Ft\""), new ForeignDataReader(),
                new TableReader());
        assertEquals(8, objects.size(), objects.toString());
        assertTrue(filter(objects, o -> o.desc().equals("FOREIGN TABLE")).isEmpty());
        // -n Ft: no wrappers, servers or mappings.
        CatalogOptions all = CatalogOptions.everything();
        CatalogOptions onlyFt = new CatalogOptions(all.schemaOnly(), all.dataOnly(), all.noOwner(),
                all.noPrivileges(), all.includeLargeObjects(), List.of(NamePattern.parse("\"Ft\"")),
                all.excludeSchemas(), all.includeTables(), all.excludeTables(), all.excludeTableData());
        objects = read(server, source, onlyFt, new ForeignDataReader(), new TableReader());
        // TABLE and TABLE DATA are the prerequisite tables "Ft".local and "Ft".part.
        assertEquals(List.of("FOREIGN TABLE", "TABLE", "TABLE ATTACH", "TABLE DATA"),
                objects.stream().map(DumpObject::desc).distinct().sorted().toList());
    }
}
