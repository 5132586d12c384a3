package dev.sotbackup.postgres.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The post-data readers (indexes, constraints, foreign keys, triggers, rules, policies, extended statistics)
 * against real servers: what they render recreates the source's objects in a database that has only the
 * tables, and on servers pg_dump can read, every entry equals pg_dump's.
 */
class PostDataReadersTest {

    private static final String ROLE = "sot_post_role";

    /** Tables, views, functions: the pre-data part, created in both databases. */
    private static final String TABLES = """
            CREATE SCHEMA "My Schema";
            CREATE FUNCTION public.trig_fn() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
            CREATE TABLE {odd} (id int NOT NULL, "Code" text NOT NULL, r int4range,
                tags text[], p point, note text, b int NOT NULL);
            ALTER TABLE {odd} FORCE ROW LEVEL SECURITY;
            CREATE TABLE public.parent (id int NOT NULL, other int);
            CREATE TABLE public.child (id int NOT NULL, parent_id int, CONSTRAINT child_positive CHECK (id > 0));
            CREATE TABLE public.a (id int NOT NULL, b_id int);
            CREATE TABLE public.b (id int NOT NULL, a_id int);
            CREATE TABLE public.meas (id int NOT NULL, k int NOT NULL, v text) PARTITION BY RANGE (k);
            CREATE TABLE public.meas_1 PARTITION OF public.meas FOR VALUES FROM (0) TO (10);
            CREATE TABLE public.meas_2 PARTITION OF public.meas FOR VALUES FROM (10) TO (20) PARTITION BY LIST (id);
            CREATE TABLE public.meas_2a PARTITION OF public.meas_2 FOR VALUES IN (1);
            CREATE TABLE public.refs_meas (id int, k int);
            CREATE TABLE public.inh_parent (a int);
            CREATE TABLE public.inh_child (c int) INHERITS (public.inh_parent);
            CREATE VIEW public.v AS SELECT id, other FROM public.parent;
            CREATE MATERIALIZED VIEW public.mv AS SELECT id FROM public.parent WITH NO DATA;
            """;

    /** Everything the readers under test must carry over: created in the source only. */
    private static final String POST_DATA = """
            ALTER TABLE {odd} ADD CONSTRAINT "Odd PK" PRIMARY KEY (id);
            ALTER TABLE {odd} ADD CONSTRAINT "code uq" UNIQUE ("Code") INCLUDE (note)
                DEFERRABLE INITIALLY DEFERRED;
            ALTER TABLE {odd} ADD CONSTRAINT no_overlap EXCLUDE USING gist (r WITH &&);
            CREATE INDEX {pidx} ON {odd} (b) WHERE b > 10;
            CREATE INDEX odd_expr ON {odd} (lower("Code"), (b + 1));
            ALTER INDEX "My Schema".odd_expr ALTER COLUMN 2 SET STATISTICS 250;
            CREATE INDEX odd_opclass ON {odd} ("Code" text_pattern_ops);
            CREATE INDEX odd_gin ON {odd} USING gin (tags);
            CREATE INDEX odd_gist ON {odd} USING gist (p);
            CREATE UNIQUE INDEX odd_b ON {odd} (b) WITH (fillfactor = 70);
            ALTER TABLE {odd} REPLICA IDENTITY USING INDEX odd_b;
            ALTER TABLE {odd} CLUSTER ON odd_opclass;
            ALTER TABLE public.parent ADD PRIMARY KEY (id);
            ALTER TABLE public.parent CLUSTER ON parent_pkey;
            ALTER TABLE public.child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id)
                REFERENCES public.parent (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
            ALTER TABLE public.child ADD CONSTRAINT "child check" CHECK (parent_id <> 0) NOT VALID;
            ALTER TABLE public.inh_parent ADD CONSTRAINT inh_chk CHECK (a > 0) NOT VALID;
            ALTER TABLE public.a ADD PRIMARY KEY (id);
            ALTER TABLE public.b ADD PRIMARY KEY (id);
            ALTER TABLE public.a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES public.b (id) DEFERRABLE;
            ALTER TABLE public.b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES public.a (id) DEFERRABLE;
            ALTER TABLE public.meas ADD PRIMARY KEY (id, k);
            CREATE INDEX meas_v ON public.meas (v);
            CREATE INDEX meas_1_own ON public.meas_1 (v, id);
            ALTER TABLE public.refs_meas ADD CONSTRAINT refs_meas_fk FOREIGN KEY (id, k) REFERENCES public.meas (id, k);
            ALTER TABLE public.meas ADD CONSTRAINT meas_parent_fk FOREIGN KEY (id) REFERENCES public.parent (id);
            CREATE INDEX mv_idx ON public.mv (id);
            CREATE TRIGGER "Row Trig" BEFORE INSERT OR UPDATE ON {odd}
                FOR EACH ROW WHEN (NEW.b > 0) EXECUTE FUNCTION public.trig_fn();
            CREATE TRIGGER stmt_trig AFTER DELETE ON public.parent FOR EACH STATEMENT EXECUTE FUNCTION public.trig_fn();
            CREATE TRIGGER off_trig AFTER INSERT ON public.parent FOR EACH ROW EXECUTE FUNCTION public.trig_fn();
            ALTER TABLE public.parent DISABLE TRIGGER off_trig;
            CREATE TRIGGER rep_trig AFTER INSERT ON public.child FOR EACH ROW EXECUTE FUNCTION public.trig_fn();
            ALTER TABLE public.child ENABLE REPLICA TRIGGER rep_trig;
            CREATE TRIGGER meas_trig AFTER INSERT ON public.meas FOR EACH ROW EXECUTE FUNCTION public.trig_fn();
            ALTER TABLE public.meas_1 DISABLE TRIGGER meas_trig;
            CREATE TRIGGER v_trig INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION public.trig_fn();
            CREATE CONSTRAINT TRIGGER con_trig AFTER INSERT ON public.child DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION public.trig_fn();
            CREATE RULE "Odd Rule" AS ON UPDATE TO public.parent WHERE NEW.other < 0 DO INSTEAD NOTHING;
            CREATE RULE off_rule AS ON DELETE TO public.child DO ALSO NOTIFY child_deleted;
            ALTER TABLE public.child DISABLE RULE off_rule;
            CREATE RULE v_ins AS ON INSERT TO public.v DO INSTEAD INSERT INTO public.parent VALUES (NEW.id, NEW.other);
            ALTER TABLE {odd} ENABLE ROW LEVEL SECURITY;
            CREATE POLICY {pol} ON {odd} AS RESTRICTIVE FOR SELECT TO sot_post_role
                USING ("Code" = current_user);
            CREATE POLICY ins_pol ON {odd} FOR INSERT WITH CHECK (b > 0);
            CREATE POLICY all_pol ON public.parent USING (id > 0) WITH CHECK (other IS NOT NULL);
            CREATE STATISTICS {stats} (ndistinct, dependencies) ON "Code", b
                FROM {odd};
            ALTER STATISTICS {stats} SET STATISTICS 300;
            CREATE STATISTICS public.parent_stats ON id, other FROM public.parent;
            COMMENT ON INDEX {schema}.{pidx} IS 'partial ''index''';
            COMMENT ON INDEX public.parent_pkey IS 'the pk index';
            COMMENT ON CONSTRAINT "Odd PK" ON {odd} IS 'pk';
            COMMENT ON CONSTRAINT child_parent_fk ON public.child IS 'fk';
            COMMENT ON CONSTRAINT "child check" ON public.child IS 'nv check';
            COMMENT ON TRIGGER "Row Trig" ON {odd} IS 'trig';
            COMMENT ON RULE "Odd Rule" ON public.parent IS 'rule';
            COMMENT ON POLICY all_pol ON public.parent IS 'pol';
            COMMENT ON STATISTICS public.parent_stats IS 'stats';
            """;

    /** Names with capitals, spaces and double quotes, which text blocks cannot hold literally. */
    private static String names(String sql) {
        return sql.replace("{odd}", "\"My Schema\".\"Odd \"\"Tab\"\"\"")
                .replace("{schema}", "\"My Schema\"")
                .replace("{pidx}", "\"Partial \"\"idx\"\"\"")
                .replace("{pol}", "\"Sees \"\"own\"\"\"")
                .replace("{stats}", "\"My Schema\".\"Stats \"\"x\"\"\"");
    }

    /** Catalog state the post-data objects define, with names instead of OIDs so databases compare. */
    private static final List<String> STATE_QUERIES = List.of(
            """
            SELECT pg_catalog.pg_get_indexdef(i.indexrelid) || ' clustered=' || i.indisclustered
                   || ' replident=' || i.indisreplident || ' valid=' || i.indisvalid
                   || ' parent=' || COALESCE((SELECT h.inhparent::pg_catalog.regclass::text
                                                FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid), '-')
                   || ' stats=' || COALESCE((SELECT string_agg(a.attnum || ':' || a.attstattarget, ',' ORDER BY a.attnum)
                                               FROM pg_catalog.pg_attribute a
                                              WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0), '-')
              FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
             WHERE c.relnamespace IN (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname IN ('public', 'My Schema'))
            """,
            """
            SELECT c.conrelid::pg_catalog.regclass || ' ' || quote_ident(c.conname) || ' ' || c.contype::text || ' '
                   || pg_catalog.pg_get_constraintdef(c.oid) || ' validated=' || c.convalidated
                   || ' local=' || c.conislocal || ' inherited=' || c.coninhcount
                   || ' parent=' || COALESCE((SELECT p.conname FROM pg_catalog.pg_constraint p
                                               WHERE p.oid = c.conparentid), '-')
              FROM pg_catalog.pg_constraint c
             WHERE c.conrelid <> 0 AND c.connamespace IN
                   (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname IN ('public', 'My Schema'))
            """,
            """
            SELECT t.tgrelid::pg_catalog.regclass || ' ' || pg_catalog.pg_get_triggerdef(t.oid, false)
                   || ' enabled=' || t.tgenabled::text
              FROM pg_catalog.pg_trigger t WHERE NOT t.tgisinternal
            """,
            """
            SELECT r.ev_class::pg_catalog.regclass || ' ' || pg_catalog.pg_get_ruledef(r.oid) || ' enabled=' || r.ev_enabled::text
              FROM pg_catalog.pg_rewrite r WHERE r.ev_class >= 16384
            """,
            """
            SELECT schemaname || ' ' || tablename || ' ' || policyname || ' ' || permissive || ' ' || roles::text
                   || ' ' || cmd || ' ' || COALESCE(qual, '-') || ' ' || COALESCE(with_check, '-')
              FROM pg_catalog.pg_policies
            """,
            """
            SELECT c.oid::pg_catalog.regclass || ' rls=' || c.relrowsecurity || ' force=' || c.relforcerowsecurity
                   || ' replident=' || c.relreplident::text
              FROM pg_catalog.pg_class c WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p')
            """,
            """
            SELECT pg_catalog.pg_get_statisticsobjdef(s.oid) || ' target=' || COALESCE(s.stxstattarget::text, '-')
              FROM pg_catalog.pg_statistic_ext s
            """,
            """
            SELECT pg_catalog.pg_describe_object(d.classoid, d.objoid, d.objsubid) || ' = ' || d.description
              FROM pg_catalog.pg_description d WHERE d.objoid >= 16384
            """);

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15, 17})
    void renderedEntriesRecreateEveryPostDataObjectInATablesOnlyDatabase(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole(ROLE);
        String source = server.createDatabase("postdata_src");
        String target = server.createDatabase("postdata_dst");
        try {
            run(server, source, names(TABLES + POST_DATA));
            run(server, target, names(TABLES));
            List<DumpObject> objects = readAll(server, source);

            applyInDependencyOrder(server, target, objects);

            Map<String, List<String>> expected = catalogState(server, source);
            Map<String, List<String>> actual = catalogState(server, target);
            assertTrue(expected.get(STATE_QUERIES.get(0)).size() > 15, "the source should have many indexes");
            for (String query : STATE_QUERIES) {
                assertEquals(String.join("\n", expected.get(query)), String.join("\n", actual.get(query)),
                        "catalog state differs for " + query);
            }
        } finally {
            server.dropDatabase(source);
            server.dropDatabase(target);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 15})
    void everyEntryMatchesWhatPgDumpWritesForTheSameObjects(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        Path pgDump = Oracles.require("pg_dump", server);
        server.ensureRole(ROLE);
        String source = server.createDatabase("postdata_oracle");
        try {
            run(server, source, names(TABLES + POST_DATA));
            Map<String, String> ours = new TreeMap<>();
            for (DumpObject o : readAll(server, source)) {
                ours.put(key(o.desc(), o.namespace(), o.tag()), o.defn());
                for (Satellite s : o.satellites()) {
                    ours.put(key(s.desc(), s.namespace(), s.tag()), s.defn());
                }
            }
            String plain = Oracles.run(true, List.of(pgDump.toString(), "-s", "-O", "--section=post-data",
                    "-d", server.conninfo(source))).stdout();
            Map<String, String> theirs = parsePlainDump(plain);
            assertTrue(theirs.size() > 50, "pg_dump should list every post-data entry: " + theirs.keySet());

            assertEquals(String.join("\n", theirs.keySet()), String.join("\n", ours.keySet()),
                    "the same entries (desc|schema|tag)");
            for (Map.Entry<String, String> e : theirs.entrySet()) {
                assertEquals(e.getValue(), ours.get(e.getKey()), "definition of " + e.getKey());
            }
        } finally {
            server.dropDatabase(source);
        }
    }

    /**
     * The ids, aliases and explicit dependencies are right when the TOC's own order, from pg_depend plus the
     * explicit edges, applies every entry on the first try (foreign keys after the unique constraints they
     * reference, INDEX ATTACH after both indexes, a partition's trigger after its parent's).
     */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15, 17})
    void tocOrderFromDependenciesAppliesEveryEntryOnTheFirstTry(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole(ROLE);
        String source = server.createDatabase("postdata_toc_src");
        String target = server.createDatabase("postdata_toc_dst");
        try {
            run(server, source, names(TABLES + POST_DATA));
            run(server, target, names(TABLES));
            List<DumpObject> objects = readAll(server, source);
            List<TocBuilder.Dependency> dependencies = new ArrayList<>();
            try (Connection connection = server.connect(source); Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery(DEPENDENCIES)) {
                while (rs.next()) {
                    dependencies.add(new TocBuilder.Dependency(CatalogId.of(rs.getLong(1), rs.getLong(2)),
                            CatalogId.of(rs.getLong(3), rs.getLong(4))));
                }
            }
            List<String> warnings = new ArrayList<>();
            Toc toc = TocBuilder.build(new ArchiveHeader(LocalDateTime.now(), source, "x", "x"), objects,
                    dependencies, false, Reporter.only(Reporter.Level.WARNING, warnings::add));
            assertEquals(List.of(), warnings, "no dependency loops among post-data objects");

            try (Connection connection = server.connect(target); Statement st = connection.createStatement()) {
                for (TocEntry entry : toc.entries()) {
                    if (entry.defn() != null) {
                        try {
                            st.execute(entry.defn());
                        } catch (SQLException e) {
                            fail(entry.desc() + " " + entry.tag() + " failed in TOC order: " + e.getMessage());
                        }
                    }
                }
            }
            Map<String, List<String>> expected = catalogState(server, source);
            Map<String, List<String>> actual = catalogState(server, target);
            for (String query : STATE_QUERIES) {
                assertEquals(String.join("\n", expected.get(query)), String.join("\n", actual.get(query)),
                        "catalog state differs for " + query);
            }
        } finally {
            server.dropDatabase(source);
            server.dropDatabase(target);
        }
    }

    /** The lead's Catalog.DEPENDENCIES (private there), restricted to what these objects need. */
    private static final String DEPENDENCIES = """
            SELECT d.classid, d.objid, d.refclassid, d.refobjid
              FROM pg_catalog.pg_depend d
             WHERE d.deptype IN ('n', 'a', 'i', 'P', 'S')
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15})
    void objectsOfExcludedTablesAreLeftOut(int major) throws Exception {
        TestServer server = PostgresServers.embedded(major);
        server.ensureRole(ROLE);
        String source = server.createDatabase("postdata_excl");
        try {
            run(server, source, names(TABLES + POST_DATA));
            CatalogOptions options = new CatalogOptions(false, false, false, false, true, List.of(), List.of(),
                    List.of(), List.of(NamePattern.parse("public.parent"), NamePattern.parse("\"My Schema\".*")),
                    List.of());
            List<DumpObject> objects = readAll(server, source, options);
            List<String> tags = objects.stream().map(o -> o.desc() + " " + o.tag()).toList();
            assertTrue(objects.stream().noneMatch(o -> "My Schema".equals(o.namespace())), tags.toString());
            assertTrue(objects.stream().noneMatch(o -> o.tag().startsWith("parent ") || o.tag().equals("parent_stats")),
                    tags.toString());
            // Objects on other tables stay, including a foreign key that references the excluded table.
            assertTrue(tags.contains("FK CONSTRAINT child child_parent_fk"), tags.toString());
            assertTrue(tags.contains("INDEX ATTACH meas_1_v_idx"), tags.toString());
        } finally {
            server.dropDatabase(source);
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private static List<DumpObject> readAll(TestServer server, String database) throws SQLException {
        return readAll(server, database, CatalogOptions.everything());
    }

    private static List<DumpObject> readAll(TestServer server, String database, CatalogOptions options)
            throws SQLException {
        try (Connection connection = server.connect(database)) {
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT pg_catalog.set_config('search_path', '', false)");
            }
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            CatalogContext ctx = new CatalogContext(connection, options);
            List<DumpObject> objects = new ArrayList<>();
            for (ObjectReader reader : List.of(new IndexReader(), new ForeignKeyReader(), new TriggerReader(),
                    new RuleReader(), new PolicyReader(), new ExtendedStatisticsReader())) {
                objects.addAll(reader.read(ctx));
            }
            connection.rollback();
            return objects;
        }
    }

    /**
     * Applies the entries in priority order, as the TOC sorts them; an entry that fails because what it
     * needs is not there yet (a parent trigger sorted after its partition's) is retried after the others.
     */
    private static void applyInDependencyOrder(TestServer server, String database, List<DumpObject> objects)
            throws SQLException {
        List<DumpObject> pending = new ArrayList<>(objects);
        pending.sort(Comparator.comparing(DumpObject::priority));
        try (Connection connection = server.connect(database); Statement st = connection.createStatement()) {
            for (int pass = 0; pass < 4 && !pending.isEmpty(); pass++) {
                List<DumpObject> failed = new ArrayList<>();
                List<String> errors = new ArrayList<>();
                for (DumpObject o : pending) {
                    try {
                        st.execute(o.defn());
                        for (Satellite s : o.satellites()) {
                            st.execute(s.defn());
                        }
                    } catch (SQLException e) {
                        failed.add(o);
                        errors.add(o.desc() + " " + o.tag() + ": " + e.getMessage());
                    }
                }
                if (failed.size() == pending.size()) {
                    fail("entries that cannot be applied: " + errors);
                }
                pending = failed;
            }
            assertTrue(pending.isEmpty(), "left unapplied: " + pending);
        }
    }

    private static Map<String, List<String>> catalogState(TestServer server, String database) throws SQLException {
        Map<String, List<String>> state = new TreeMap<>();
        try (Connection connection = server.connect(database); Statement st = connection.createStatement()) {
            st.execute("SELECT pg_catalog.set_config('search_path', '', false)");
            for (String query : STATE_QUERIES) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(query)) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                rows.sort(null);
                state.put(query, rows);
            }
        }
        return state;
    }

    private static void run(TestServer server, String database, String sql) throws SQLException {
        try (Connection connection = server.connect(database); Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    private static String key(String desc, String namespace, String tag) {
        return desc + "|" + (namespace == null ? "-" : namespace) + "|" + tag;
    }

    private static final Pattern HEADER = Pattern.compile(
            "(?m)^--\\n-- Name: (.*); Type: (.*?); Schema: (.*?); Owner: .*\\n--\\n\\n");
    private static final Pattern SESSION_SET = Pattern.compile("(?m)^SET default_table(space|_access_method) = .*;\\n\\n");

    /**
     * Splits pg_dump's plain output into entries: after each header comes the entry's definition followed by
     * two newlines; SET lines for the next entry's tablespace or access method may follow.
     */
    private static Map<String, String> parsePlainDump(String plain) {
        Map<String, String> entries = new TreeMap<>();
        Matcher m = HEADER.matcher(plain);
        List<int[]> bounds = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            bounds.add(new int[] {m.start(), m.end()});
            keys.add(key(m.group(2), m.group(3), m.group(1)));
        }
        int end = plain.indexOf("--\n-- PostgreSQL database dump complete");
        for (int i = 0; i < bounds.size(); i++) {
            int bodyEnd = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : end;
            String body = SESSION_SET.matcher(plain.substring(bounds.get(i)[1], bodyEnd)).replaceAll("");
            assertTrue(body.endsWith("\n\n"), "unexpected entry layout: " + body);
            entries.put(keys.get(i), body.substring(0, body.length() - 2));
        }
        return entries;
    }
}
