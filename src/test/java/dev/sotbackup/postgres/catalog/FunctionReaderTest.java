package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.filter;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.replay;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.rows;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.satellite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionReaderTest {

    private static final String SETUP = """
            CREATE SCHEMA "Funcs";
            CREATE EXTENSION pg_trgm WITH SCHEMA "Funcs";
            CREATE TYPE "Funcs".pair AS (a integer, b text);
            CREATE TYPE "Funcs".floatrange AS RANGE (subtype = double precision);
            CREATE FUNCTION "Funcs"."Add"(a integer, b integer DEFAULT 2, OUT c integer)
                LANGUAGE plpgsql IMMUTABLE STRICT AS $f$ begin c := a + b; end $f$;
            COMMENT ON FUNCTION "Funcs"."Add"(integer, integer) IS 'adds';
            REVOKE EXECUTE ON FUNCTION "Funcs"."Add"(integer, integer) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION "Funcs"."Add"(integer, integer) TO "Bob Q";
            CREATE FUNCTION "Funcs".second_of(p "Funcs".pair) RETURNS text
                LANGUAGE sql STABLE SET search_path = pg_catalog AS 'SELECT $1.b';
            CREATE FUNCTION "Funcs".spread(VARIADIC xs integer[]) RETURNS SETOF integer
                LANGUAGE sql ROWS 7 AS 'SELECT unnest(xs)';
            CREATE PROCEDURE "Funcs"."my proc"(IN x text, INOUT y integer)
                LANGUAGE plpgsql AS $$ begin y := y + length(x); end $$;
            COMMENT ON PROCEDURE "Funcs"."my proc"(text, integer) IS 'proc';
            GRANT EXECUTE ON PROCEDURE "Funcs"."my proc"(text, integer) TO "Bob Q";
            CREATE AGGREGATE "Funcs".mysum(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
            COMMENT ON AGGREGATE "Funcs".mysum(integer) IS 'sum';
            GRANT EXECUTE ON FUNCTION "Funcs".mysum(integer) TO "Bob Q";
            CREATE AGGREGATE "Funcs".myavg(double precision) (SFUNC = float8_accum, STYPE = double precision[],
                FINALFUNC = float8_avg, INITCOND = '{0,0,0}', COMBINEFUNC = float8_combine, PARALLEL = safe);
            CREATE AGGREGATE "Funcs".cnt(*) (SFUNC = int8inc, STYPE = bigint, INITCOND = '0');
            CREATE AGGREGATE "Funcs".mymax(integer) (SFUNC = int4larger, STYPE = integer, SORTOP = >);
            CREATE AGGREGATE "Funcs".msum(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0',
                MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = integer, MINITCOND = '0');
            CREATE AGGREGATE "Funcs".my_mode(ORDER BY anyelement) (SFUNC = ordered_set_transition,
                STYPE = internal, FINALFUNC = mode_final, FINALFUNC_EXTRA);
            CREATE SCHEMA skipme;
            CREATE FUNCTION skipme.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
            """;

    private static final String FUNCTIONS = """
            SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind,
                   CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END,
                   pg_catalog.obj_description(p.oid, 'pg_proc'), p.proacl, p.proparallel
              FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = '"Funcs"'::pg_catalog.regnamespace
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                WHERE d.objid = p.oid AND d.deptype = 'e')
             ORDER BY 1, 2
            """;

    private static final String AGGREGATES = """
            SELECT a::text FROM pg_catalog.pg_aggregate a
              JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
             WHERE p.pronamespace = '"Funcs"'::pg_catalog.regnamespace
             ORDER BY p.proname
            """;

    private static final String SQL_STANDARD_BODY = """
            CREATE FUNCTION "Funcs".atomic(x integer) RETURNS integer LANGUAGE sql
                BEGIN ATOMIC SELECT x + 1; END;
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void replayedRoutinesMatchTheOriginals(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("Bob Q");
        String source = database(server, "funcs", SETUP + (major >= 14 ? SQL_STANDARD_BODY : ""));
        String target = database(server, "funcs_copy", null);

        List<DumpObject> objects = read(server, source, ObjectReaderTestKit.excludingSchemas("skipme"),
                new SchemaReader(), new ExtensionReader(), new TypeReader(), new FunctionReader());
        replay(server, target, objects);

        assertEquals(rows(server, source, FUNCTIONS), rows(server, target, FUNCTIONS));
        assertEquals(rows(server, source, AGGREGATES), rows(server, target, AGGREGATES));
        assertEquals(10 + (major >= 14 ? 1 : 0), filter(objects, o -> o.desc().equals("FUNCTION")
                || o.desc().equals("PROCEDURE") || o.desc().equals("AGGREGATE")).size(),
                "only the schema's own routines: no pg_trgm members, no range constructors, nothing from skipme");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15})
    void routinesAreNamedAsPgDumpNamesThem(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole("Bob Q");
        String source = database(server, "funcs_names", SETUP);

        List<DumpObject> objects = read(server, source, new FunctionReader());

        DumpObject add = only(objects, "FUNCTION", "Add(integer, integer)");
        assertTrue(add.defn().startsWith("CREATE FUNCTION \"Funcs\".\"Add\"(a integer, b integer DEFAULT 2, "
                + "OUT c integer)\n"), add.defn());
        assertTrue(add.defn().endsWith("$function$;\n"), add.defn());
        assertEquals("DROP FUNCTION \"Funcs\".\"Add\"(a integer, b integer, OUT c integer);\n", add.dropStmt());
        assertEquals("FUNCTION \"Add\"(a integer, b integer, OUT c integer)", satellite(add, "COMMENT").tag());
        assertEquals("REVOKE ALL ON FUNCTION \"Funcs\".\"Add\"(a integer, b integer, OUT c integer) FROM PUBLIC;\n"
                + "GRANT EXECUTE ON FUNCTION \"Funcs\".\"Add\"(a integer, b integer, OUT c integer) TO \"Bob Q\";\n",
                satellite(add, "ACL").defn());

        DumpObject proc = only(objects, "PROCEDURE", "my proc(text, integer)");
        assertEquals("PROCEDURE \"my proc\"(IN x text, INOUT y integer)", satellite(proc, "ACL").tag());

        assertEquals("CREATE AGGREGATE \"Funcs\".myavg(double precision) (\n    SFUNC = float8_accum,\n"
                + "    STYPE = double precision[],\n    INITCOND = '{0,0,0}',\n    FINALFUNC = float8_avg,\n"
                + "    COMBINEFUNC = float8_combine,\n    PARALLEL = safe\n);\n",
                only(objects, "AGGREGATE", "myavg(double precision)").defn());
        DumpObject cnt = only(objects, "AGGREGATE", "cnt(*)");
        assertEquals("DROP AGGREGATE \"Funcs\".cnt(*);\n", cnt.dropStmt());
        DumpObject mysum = only(objects, "AGGREGATE", "mysum(integer)");
        assertEquals("AGGREGATE mysum(integer)", satellite(mysum, "COMMENT").tag());
        assertEquals("FUNCTION mysum(integer)", satellite(mysum, "ACL").tag());
        assertTrue(only(objects, "AGGREGATE", "mymax(integer)").defn().contains("SORTOP = OPERATOR(pg_catalog.>)"));

        assertFalse(objects.stream().anyMatch(o -> o.tag().startsWith("similarity(")),
                "extension member functions are not dumped");
    }
}
