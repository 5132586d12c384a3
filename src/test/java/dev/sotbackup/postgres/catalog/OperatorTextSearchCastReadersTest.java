package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.replay;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.rows;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.satellite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ACCESS METHOD, OPERATOR, OPERATOR FAMILY/CLASS, CAST, CONVERSION and TEXT SEARCH readers: objects are created
 * in one database, read, replayed into a second one that holds only their prerequisites, and the catalogs
 * compared. Expected texts were taken from pg_dump 15's output for the same fixture.
 */
class OperatorTextSearchCastReadersTest {

    /** Functions and types the objects need; created in both databases. */
    private static String prerequisites(int major) {
        String conv = major >= 14
                ? "CREATE FUNCTION s.conv(integer, integer, cstring, internal, integer, boolean) RETURNS integer"
                : "CREATE FUNCTION s.conv(integer, integer, cstring, internal, integer) RETURNS void";
        return """
                CREATE SCHEMA s;
                CREATE FUNCTION s.eq3(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
                CREATE FUNCTION s.lt3(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 < $2';
                CREATE FUNCTION s.cmp3(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE
                    AS 'SELECT CASE WHEN $1 < $2 THEN -1 WHEN $1 > $2 THEN 1 ELSE 0 END';
                CREATE FUNCTION s.neg(integer) RETURNS integer LANGUAGE sql AS 'SELECT -$1';
                CREATE TYPE s.t AS (a int);
                CREATE TYPE s.u AS (a int);
                CREATE FUNCTION s.t2int(s.t) RETURNS integer LANGUAGE sql AS 'SELECT $1.a';
                """ + conv + " LANGUAGE c STRICT AS '$libdir/utf8_and_iso8859_1', 'iso8859_1_to_utf8';\n";
    }

    private static final String OBJECTS = """
            CREATE OPERATOR s.=== (FUNCTION = s.eq3, LEFTARG = integer, RIGHTARG = integer,
                COMMUTATOR = OPERATOR(s.===), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
            CREATE OPERATOR s.<<< (FUNCTION = s.lt3, LEFTARG = integer, RIGHTARG = integer);
            CREATE OPERATOR s.!== (FUNCTION = s.lt3, LEFTARG = integer, RIGHTARG = integer,
                NEGATOR = OPERATOR(s.===));
            CREATE OPERATOR s.~~~ (FUNCTION = s.neg, RIGHTARG = integer);
            COMMENT ON OPERATOR s.===(integer, integer) IS 'triple eq';
            CREATE OPERATOR FAMILY s.fam USING btree;
            COMMENT ON OPERATOR FAMILY s.fam USING btree IS 'fam c';
            CREATE OPERATOR CLASS s.cls FOR TYPE integer USING btree FAMILY s.fam AS
                OPERATOR 1 s.<<<, OPERATOR 3 s.===, FUNCTION 1 s.cmp3(integer, integer);
            CREATE OPERATOR CLASS s.cls2 FOR TYPE integer USING btree AS
                OPERATOR 1 s.<<<, OPERATOR 3 s.===, FUNCTION 1 s.cmp3(integer, integer);
            COMMENT ON OPERATOR CLASS s.cls2 USING btree IS 'cls2 c';
            CREATE OPERATOR FAMILY s.fam2 USING btree;
            ALTER OPERATOR FAMILY s.fam2 USING btree ADD
                OPERATOR 1 s.<<<(integer, integer), FUNCTION 1 s.cmp3(integer, integer);
            CREATE OPERATOR CLASS s.hcls DEFAULT FOR TYPE s.t USING hash AS STORAGE s.t;
            CREATE OPERATOR CLASS s.gcls FOR TYPE integer USING gist AS STORAGE integer;
            CREATE CAST (s.t AS integer) WITH FUNCTION s.t2int(s.t) AS ASSIGNMENT;
            CREATE CAST (xid AS integer) WITHOUT FUNCTION;
            CREATE CAST (s.u AS text) WITH INOUT AS IMPLICIT;
            COMMENT ON CAST (s.t AS integer) IS 'cast c';
            CREATE DEFAULT CONVERSION s.myconv FOR 'LATIN1' TO 'UTF8' FROM s.conv;
            CREATE CONVERSION s."My conv" FOR 'LATIN1' TO 'UTF8' FROM s.conv;
            COMMENT ON CONVERSION s.myconv IS 'conv c';
            CREATE ACCESS METHOD myam TYPE TABLE HANDLER heap_tableam_handler;
            CREATE ACCESS METHOD myidx TYPE INDEX HANDLER bthandler;
            COMMENT ON ACCESS METHOD myam IS 'am c';
            CREATE TEXT SEARCH PARSER s.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end,
                LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
            CREATE TEXT SEARCH PARSER s.prs2 (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end,
                LEXTYPES = prsd_lextype);
            CREATE TEXT SEARCH TEMPLATE s.tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);
            CREATE TEXT SEARCH TEMPLATE s.tmpl2 (LEXIZE = dsimple_lexize);
            CREATE TEXT SEARCH DICTIONARY s.dict (TEMPLATE = pg_catalog.simple, stopwords = 'english');
            CREATE TEXT SEARCH DICTIONARY s.dict2 (TEMPLATE = s.tmpl);
            CREATE TEXT SEARCH DICTIONARY s."Dict3" (TEMPLATE = snowball, language = 'english', StopWords = english);
            CREATE TEXT SEARCH CONFIGURATION s.cfg (PARSER = pg_catalog."default");
            ALTER TEXT SEARCH CONFIGURATION s.cfg ADD MAPPING FOR asciiword, word WITH s.dict, english_stem;
            ALTER TEXT SEARCH CONFIGURATION s.cfg ADD MAPPING FOR int WITH simple;
            CREATE TEXT SEARCH CONFIGURATION s.cfg2 (COPY = english);
            CREATE TEXT SEARCH CONFIGURATION s.cfg3 (PARSER = s.prs);
            COMMENT ON TEXT SEARCH CONFIGURATION s.cfg IS 'cfg c';
            COMMENT ON TEXT SEARCH DICTIONARY s.dict IS 'dict c';
            COMMENT ON TEXT SEARCH PARSER s.prs IS 'prs c';
            COMMENT ON TEXT SEARCH TEMPLATE s.tmpl IS 'tmpl c';
            """;

    /** Version- and OID-independent views of everything the readers cover. */
    private static final List<String> CATALOG = List.of("""
            SELECT oprname, oprkind, oprcode::pg_catalog.regprocedure, oprleft::pg_catalog.regtype,
                   oprright::pg_catalog.regtype, oprcom::pg_catalog.regoperator, oprnegate::pg_catalog.regoperator,
                   oprrest::pg_catalog.regprocedure, oprjoin::pg_catalog.regprocedure, oprcanmerge, oprcanhash,
                   pg_catalog.obj_description(oid, 'pg_operator')
              FROM pg_catalog.pg_operator WHERE oprnamespace = 's'::pg_catalog.regnamespace ORDER BY 1, 4, 5
            """, """
            SELECT f.opfname, am.amname, pg_catalog.obj_description(f.oid, 'pg_opfamily')
              FROM pg_catalog.pg_opfamily f JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
             WHERE f.opfnamespace = 's'::pg_catalog.regnamespace ORDER BY 1, 2
            """, """
            SELECT c.opcname, am.amname, c.opcintype::pg_catalog.regtype, c.opckeytype::pg_catalog.regtype,
                   c.opcdefault, f.opfname, pg_catalog.obj_description(c.oid, 'pg_opclass')
              FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
              JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily
             WHERE c.opcnamespace = 's'::pg_catalog.regnamespace ORDER BY 1, 2
            """, """
            SELECT f.opfname, ao.amopstrategy, ao.amopopr::pg_catalog.regoperator, ao.amoppurpose,
                   (SELECT pg_catalog.string_agg(d.deptype::text || ' ' || d.refclassid::pg_catalog.regclass::text, ',')
                      FROM pg_catalog.pg_depend d
                     WHERE d.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass AND d.objid = ao.oid
                       AND d.refclassid IN ('pg_catalog.pg_opclass'::pg_catalog.regclass,
                                            'pg_catalog.pg_opfamily'::pg_catalog.regclass))
              FROM pg_catalog.pg_amop ao JOIN pg_catalog.pg_opfamily f ON f.oid = ao.amopfamily
             WHERE f.opfnamespace = 's'::pg_catalog.regnamespace ORDER BY 1, 2, 3
            """, """
            SELECT f.opfname, ap.amprocnum, ap.amproc::pg_catalog.regprocedure,
                   ap.amproclefttype::pg_catalog.regtype, ap.amprocrighttype::pg_catalog.regtype,
                   (SELECT pg_catalog.string_agg(d.deptype::text || ' ' || d.refclassid::pg_catalog.regclass::text, ',')
                      FROM pg_catalog.pg_depend d
                     WHERE d.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass AND d.objid = ap.oid
                       AND d.refclassid IN ('pg_catalog.pg_opclass'::pg_catalog.regclass,
                                            'pg_catalog.pg_opfamily'::pg_catalog.regclass))
              FROM pg_catalog.pg_amproc ap JOIN pg_catalog.pg_opfamily f ON f.oid = ap.amprocfamily
             WHERE f.opfnamespace = 's'::pg_catalog.regnamespace ORDER BY 1, 2, 3
            """, """
            SELECT castsource::pg_catalog.regtype, casttarget::pg_catalog.regtype,
                   castfunc::pg_catalog.regprocedure, castcontext, castmethod,
                   pg_catalog.obj_description(oid, 'pg_cast')
              FROM pg_catalog.pg_cast WHERE oid >= 16384 ORDER BY 1::text, 2::text
            """, """
            SELECT conname, pg_catalog.pg_encoding_to_char(conforencoding),
                   pg_catalog.pg_encoding_to_char(contoencoding), conproc, condefault,
                   pg_catalog.obj_description(oid, 'pg_conversion')
              FROM pg_catalog.pg_conversion WHERE connamespace = 's'::pg_catalog.regnamespace ORDER BY 1
            """, """
            SELECT amname, amtype, amhandler, pg_catalog.obj_description(oid, 'pg_am')
              FROM pg_catalog.pg_am WHERE oid >= 16384 ORDER BY 1
            """, """
            SELECT prsname, prsstart, prstoken, prsend, prsheadline, prslextype,
                   pg_catalog.obj_description(oid, 'pg_ts_parser')
              FROM pg_catalog.pg_ts_parser WHERE prsnamespace = 's'::pg_catalog.regnamespace ORDER BY 1
            """, """
            SELECT tmplname, tmplinit, tmpllexize, pg_catalog.obj_description(oid, 'pg_ts_template')
              FROM pg_catalog.pg_ts_template WHERE tmplnamespace = 's'::pg_catalog.regnamespace ORDER BY 1
            """, """
            SELECT d.dictname, t.tmplname, d.dictinitoption,
                   pg_catalog.obj_description(d.oid, 'pg_ts_dict')
              FROM pg_catalog.pg_ts_dict d JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate
             WHERE d.dictnamespace = 's'::pg_catalog.regnamespace ORDER BY 1
            """, """
            SELECT c.cfgname, p.prsname, pg_catalog.obj_description(c.oid, 'pg_ts_config'),
                   (SELECT pg_catalog.string_agg(m.maptokentype || ':' || m.mapseqno || ':'
                                                 || m.mapdict::pg_catalog.regdictionary::text, ','
                                                 ORDER BY m.maptokentype, m.mapseqno)
                      FROM pg_catalog.pg_ts_config_map m WHERE m.mapcfg = c.oid)
              FROM pg_catalog.pg_ts_config c JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser
             WHERE c.cfgnamespace = 's'::pg_catalog.regnamespace ORDER BY 1
            """);

    private static ObjectReader[] readers() {
        return new ObjectReader[] {new AccessMethodReader(), new CastReader(), new OperatorReader(),
                new ConversionReader(), new TextSearchReader()};
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void replayedObjectsMatchTheOriginals(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        String source = database(server, "opers", prerequisites(major) + OBJECTS);
        String target = database(server, "opers_copy", prerequisites(major));

        List<DumpObject> objects = read(server, source, readers());
        replay(server, target, objects);

        for (String query : CATALOG) {
            List<String> expected = rows(server, source, query);
            assertFalse(expected.isEmpty(), query);
            assertEquals(expected, rows(server, target, query), query);
        }
        assertEquals(2, ObjectReaderTestKit.filter(objects, o -> o.desc().equals("ACCESS METHOD")).size());
        assertEquals(3, ObjectReaderTestKit.filter(objects, o -> o.desc().equals("CAST")).size());
    }

    /** Texts, tags and satellites as pg_dump 15 writes them for the same objects. */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15, 17})
    void textsMatchPgDump(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        String source = database(server, "opers_text", prerequisites(major) + OBJECTS);
        List<DumpObject> objects = read(server, source, readers());

        DumpObject cfg = only(objects, "TEXT SEARCH CONFIGURATION", "cfg");
        assertEquals("""
                CREATE TEXT SEARCH CONFIGURATION s.cfg (
                    PARSER = pg_catalog."default" );

                ALTER TEXT SEARCH CONFIGURATION s.cfg
                    ADD MAPPING FOR asciiword WITH s.dict, english_stem;

                ALTER TEXT SEARCH CONFIGURATION s.cfg
                    ADD MAPPING FOR word WITH s.dict, english_stem;

                ALTER TEXT SEARCH CONFIGURATION s.cfg
                    ADD MAPPING FOR "int" WITH simple;
                """, cfg.defn());
        assertEquals("DROP TEXT SEARCH CONFIGURATION s.cfg;\n", cfg.dropStmt());
        assertEquals("s", cfg.namespace());
        assertEquals("TEXT SEARCH CONFIGURATION cfg", satellite(cfg, "COMMENT").tag());
        assertEquals("COMMENT ON TEXT SEARCH CONFIGURATION s.cfg IS 'cfg c';\n", satellite(cfg, "COMMENT").defn());
        assertEquals("""
                CREATE TEXT SEARCH CONFIGURATION s.cfg3 (
                    PARSER = s.prs );
                """, only(objects, "TEXT SEARCH CONFIGURATION", "cfg3").defn());

        DumpObject cls = only(objects, "OPERATOR CLASS", "cls");
        assertEquals("""
                CREATE OPERATOR CLASS s.cls
                    FOR TYPE integer USING btree FAMILY s.fam AS
                    OPERATOR 1 s.<<<(integer,integer) ,
                    OPERATOR 3 s.===(integer,integer) ,
                    FUNCTION 1 (integer, integer) s.cmp3(integer,integer);
                """, cls.defn());
        assertEquals("DROP OPERATOR CLASS s.cls USING btree;\n", cls.dropStmt());
        assertEquals(3, cls.aliases().size());
        assertEquals("""
                CREATE OPERATOR CLASS s.gcls
                    FOR TYPE integer USING gist FAMILY s.gcls AS
                    STORAGE integer;
                """, only(objects, "OPERATOR CLASS", "gcls").defn());
        assertEquals("""
                CREATE OPERATOR CLASS s.hcls
                    DEFAULT FOR TYPE s.t USING hash FAMILY s.hcls AS
                    STORAGE s.t;
                """, only(objects, "OPERATOR CLASS", "hcls").defn());
        DumpObject cls2 = only(objects, "OPERATOR CLASS", "cls2");
        assertEquals("OPERATOR CLASS cls2 USING btree", satellite(cls2, "COMMENT").tag());
        assertEquals("COMMENT ON OPERATOR CLASS s.cls2 USING btree IS 'cls2 c';\n",
                satellite(cls2, "COMMENT").defn());

        DumpObject fam2 = only(objects, "OPERATOR FAMILY", "fam2");
        assertEquals("""
                CREATE OPERATOR FAMILY s.fam2 USING btree;
                ALTER OPERATOR FAMILY s.fam2 USING btree ADD
                    OPERATOR 1 s.<<<(integer,integer) ,
                    FUNCTION 1 (integer, integer) s.cmp3(integer,integer);
                """, fam2.defn());
        assertEquals(Set.of(OperatorReader.PG_AMOP, OperatorReader.PG_AMPROC),
                fam2.aliases().stream().map(CatalogId::classOid).collect(Collectors.toSet()));
        DumpObject fam = only(objects, "OPERATOR FAMILY", "fam");
        assertEquals("CREATE OPERATOR FAMILY s.fam USING btree;\n", fam.defn());
        assertTrue(fam.aliases().isEmpty());
        assertEquals("OPERATOR FAMILY fam USING btree", satellite(fam, "COMMENT").tag());

        DumpObject eq = only(objects, "OPERATOR", "===");
        assertEquals("""
                CREATE OPERATOR s.=== (
                    FUNCTION = s.eq3,
                    LEFTARG = integer,
                    RIGHTARG = integer,
                    COMMUTATOR = OPERATOR(s.===),
                    NEGATOR = OPERATOR(s.!==),
                    MERGES,
                    HASHES,
                    RESTRICT = eqsel,
                    JOIN = eqjoinsel
                );
                """, eq.defn());
        assertEquals("DROP OPERATOR s.=== (integer, integer);\n", eq.dropStmt());
        assertEquals("OPERATOR === (integer, integer)", satellite(eq, "COMMENT").tag());
        assertEquals("COMMENT ON OPERATOR s.=== (integer, integer) IS 'triple eq';\n",
                satellite(eq, "COMMENT").defn());
        assertEquals("DROP OPERATOR s.~~~ (NONE, integer);\n", only(objects, "OPERATOR", "~~~").dropStmt());

        DumpObject cast = only(objects, "CAST", "CAST (s.t AS integer)");
        assertEquals("CREATE CAST (s.t AS integer) WITH FUNCTION s.t2int(s.t) AS ASSIGNMENT;\n", cast.defn());
        assertEquals("DROP CAST (s.t AS integer);\n", cast.dropStmt());
        assertNull(cast.owner());
        assertNull(cast.namespace());
        assertEquals("CAST (s.t AS integer)", satellite(cast, "COMMENT").tag());
        assertEquals("COMMENT ON CAST (s.t AS integer) IS 'cast c';\n", satellite(cast, "COMMENT").defn());
        assertEquals("", satellite(cast, "COMMENT").owner());
        assertEquals("CREATE CAST (xid AS integer) WITHOUT FUNCTION;\n",
                only(objects, "CAST", "CAST (xid AS integer)").defn());
        assertEquals("CREATE CAST (s.u AS text) WITH INOUT AS IMPLICIT;\n",
                only(objects, "CAST", "CAST (s.u AS text)").defn());

        assertEquals("CREATE DEFAULT CONVERSION s.myconv FOR 'LATIN1' TO 'UTF8' FROM s.conv;\n",
                only(objects, "CONVERSION", "myconv").defn());
        assertEquals("DROP CONVERSION s.\"My conv\";\n", only(objects, "CONVERSION", "My conv").dropStmt());

        DumpObject am = only(objects, "ACCESS METHOD", "myam");
        assertEquals("CREATE ACCESS METHOD myam TYPE TABLE HANDLER heap_tableam_handler;\n", am.defn());
        assertEquals("DROP ACCESS METHOD myam;\n", am.dropStmt());
        assertNull(am.owner());
        assertEquals("ACCESS METHOD myam", satellite(am, "COMMENT").tag());
        assertEquals("CREATE ACCESS METHOD myidx TYPE INDEX HANDLER bthandler;\n",
                only(objects, "ACCESS METHOD", "myidx").defn());

        DumpObject prs = only(objects, "TEXT SEARCH PARSER", "prs");
        assertEquals("""
                CREATE TEXT SEARCH PARSER s.prs (
                    START = prsd_start,
                    GETTOKEN = prsd_nexttoken,
                    END = prsd_end,
                    HEADLINE = prsd_headline,
                    LEXTYPES = prsd_lextype );
                """, prs.defn());
        assertNull(prs.owner());
        assertEquals("", satellite(prs, "COMMENT").owner());
        assertEquals("""
                CREATE TEXT SEARCH TEMPLATE s.tmpl2 (
                    LEXIZE = dsimple_lexize );
                """, only(objects, "TEXT SEARCH TEMPLATE", "tmpl2").defn());
        assertEquals("""
                CREATE TEXT SEARCH DICTIONARY s."Dict3" (
                    TEMPLATE = pg_catalog.snowball,
                    language = 'english', stopwords = 'english' );
                """, only(objects, "TEXT SEARCH DICTIONARY", "Dict3").defn());
        assertEquals("""
                CREATE TEXT SEARCH DICTIONARY s.dict2 (
                    TEMPLATE = s.tmpl );
                """, only(objects, "TEXT SEARCH DICTIONARY", "dict2").defn());
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15})
    void schemaSelectionLeavesOutGlobalObjects(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        String source = database(server, "opers_sel", prerequisites(major) + OBJECTS);
        List<DumpObject> objects = read(server, source, ObjectReaderTestKit.excludingSchemas("s"), readers());
        // Excluding a schema is not a selective dump: casts and access methods stay, schema objects go.
        assertEquals(Set.of("ACCESS METHOD", "CAST"), objects.stream().map(DumpObject::desc)
                .collect(Collectors.toSet()));
    }
}
