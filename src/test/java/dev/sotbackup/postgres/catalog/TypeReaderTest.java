package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.filter;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.replay;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TypeReaderTest {

    private static final String SETUP = """
            CREATE SCHEMA "Types";
            CREATE TYPE "Types"."Mood" AS ENUM ('sad', 'o''k', 'Happy');
            COMMENT ON TYPE "Types"."Mood" IS 'mood';
            GRANT USAGE ON TYPE "Types"."Mood" TO "Bob Q";
            CREATE TYPE "Types".empty_enum AS ENUM ();
            CREATE TYPE "Types".pair AS (a integer, "B" text COLLATE "C", m "Types"."Mood"[]);
            COMMENT ON COLUMN "Types".pair."B" IS 'bee';
            CREATE TYPE "Types".floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
            CREATE TYPE "Types".textrange AS RANGE (subtype = text, collation = "C");
            CREATE DOMAIN "Types".posint AS integer DEFAULT 1 NOT NULL CHECK (VALUE > 0)
                CONSTRAINT "Big" CHECK (VALUE < 1000);
            COMMENT ON CONSTRAINT "Big" ON DOMAIN "Types".posint IS 'upper bound';
            REVOKE USAGE ON DOMAIN "Types".posint FROM PUBLIC;
            CREATE DOMAIN "Types".dnv AS text COLLATE "C";
            ALTER DOMAIN "Types".dnv ADD CONSTRAINT nv CHECK (length(VALUE) > 2) NOT VALID;
            CREATE DOMAIN "Types".numd AS numeric(10,2) DEFAULT 0.5;
            CREATE TYPE "Types".shell;
            CREATE TABLE "Types".t (x integer);
            CREATE SCHEMA skipme;
            CREATE TYPE skipme.e AS ENUM ('x');
            """;

    private static final String ENUMS = """
            SELECT t.typname, e.enumlabel FROM pg_catalog.pg_enum e
              JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid
             WHERE t.typnamespace = '"Types"'::pg_catalog.regnamespace
             ORDER BY 1, e.enumsortorder
            """;

    private static final String COMPOSITES = """
            SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), co.collname,
                   pg_catalog.col_description(c.oid, a.attnum)
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
              LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
             WHERE c.relnamespace = '"Types"'::pg_catalog.regnamespace AND c.relkind = 'c'
             ORDER BY 1, a.attnum
            """;

    private static final String RANGES = """
            SELECT t.typname, pg_catalog.format_type(r.rngsubtype, NULL), co.collname, opc.opcname,
                   r.rngsubdiff::pg_catalog.regproc, r.rngcanonical::pg_catalog.regproc
              FROM pg_catalog.pg_range r
              JOIN pg_catalog.pg_type t ON t.oid = r.rngtypid
              JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc
              LEFT JOIN pg_catalog.pg_collation co ON co.oid = r.rngcollation
             WHERE t.typnamespace = '"Types"'::pg_catalog.regnamespace
             ORDER BY 1
            """;

    private static final String DOMAINS = """
            SELECT t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
                   co.collname, c.conname, c.contype, pg_catalog.pg_get_constraintdef(c.oid), c.convalidated,
                   pg_catalog.obj_description(c.oid, 'pg_constraint')
              FROM pg_catalog.pg_type t
              LEFT JOIN pg_catalog.pg_constraint c ON c.contypid = t.oid
              LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
             WHERE t.typnamespace = '"Types"'::pg_catalog.regnamespace AND t.typtype = 'd'
             ORDER BY 1, 6
            """;

    private static final String TYPES = """
            SELECT typname, typtype, typisdefined, pg_catalog.obj_description(oid, 'pg_type'), typacl
              FROM pg_catalog.pg_type
             WHERE typnamespace = '"Types"'::pg_catalog.regnamespace AND typname NOT IN ('t', '_t')
             ORDER BY 1
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void replayedTypesMatchTheOriginals(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("Bob Q");
        String source = database(server, "types", SETUP);
        String target = database(server, "types_copy", null);

        List<DumpObject> objects = read(server, source, ObjectReaderTestKit.excludingSchemas("skipme"),
                new SchemaReader(), new TypeReader());
        replay(server, target, objects);

        for (String query : List.of(ENUMS, COMPOSITES, RANGES, DOMAINS, TYPES)) {
            assertEquals(rows(server, source, query), rows(server, target, query), query);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15})
    void typesAreRenderedInPgDumpShape(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("Bob Q");
        String source = database(server, "types_shape", SETUP);

        List<DumpObject> objects = read(server, source, ObjectReaderTestKit.excludingSchemas("skipme"),
                new TypeReader());

        assertEquals("CREATE TYPE \"Types\".\"Mood\" AS ENUM (\n    'sad',\n    'o''k',\n    'Happy'\n);\n",
                only(objects, "TYPE", "Mood").defn());
        assertEquals("DROP TYPE \"Types\".\"Mood\";\n", only(objects, "TYPE", "Mood").dropStmt());
        assertEquals("CREATE TYPE \"Types\".pair AS (\n\ta integer,\n\t\"B\" text COLLATE pg_catalog.\"C\",\n"
                + "\tm \"Types\".\"Mood\"[]\n);\n", only(objects, "TYPE", "pair").defn());
        assertEquals("CREATE TYPE \"Types\".floatrange AS RANGE (\n    subtype = double precision,\n"
                        + "    multirange_type_name = \"Types\".floatmultirange,\n    subtype_diff = float8mi\n);\n",
                only(objects, "TYPE", "floatrange").defn());
        DumpObject posint = only(objects, "DOMAIN", "posint");
        assertEquals("CREATE DOMAIN \"Types\".posint AS integer NOT NULL DEFAULT 1\n"
                + "\tCONSTRAINT \"Big\" CHECK ((VALUE < 1000))\n"
                + "\tCONSTRAINT posint_check CHECK ((VALUE > 0));\n", posint.defn());
        assertEquals("CONSTRAINT \"Big\" ON DOMAIN posint", posint.satellites().get(0).tag());

        DumpObject notValid = only(objects, "CHECK CONSTRAINT", "dnv nv");
        assertEquals(Section.POST_DATA, notValid.section());
        assertEquals("ALTER DOMAIN \"Types\".dnv\n    ADD CONSTRAINT nv CHECK ((length(VALUE) > 2)) NOT VALID;\n",
                notValid.defn());
        assertFalse(only(objects, "DOMAIN", "dnv").defn().contains("nv CHECK"));
        assertEquals("CREATE TYPE \"Types\".shell;\n", only(objects, "TYPE", "shell").defn());

        assertTrue(filter(objects, o -> o.tag().equals("t") || o.tag().equals("e")).isEmpty(),
                "table row types and types in excluded schemas are not dumped");
        List<String> aliases = rows(server, source, """
                SELECT typarray FROM pg_catalog.pg_type WHERE oid = '"Types"."Mood"'::pg_catalog.regtype
                UNION ALL
                SELECT oid FROM pg_catalog.pg_constraint WHERE conname = 'Big'
                """);
        assertTrue(only(objects, "TYPE", "Mood").aliases().contains(
                CatalogId.of(CatalogId.PG_TYPE, Long.parseLong(aliases.get(0)))));
        assertTrue(posint.aliases().contains(CatalogId.of(CatalogId.PG_CONSTRAINT, Long.parseLong(aliases.get(1)))));
    }
}
