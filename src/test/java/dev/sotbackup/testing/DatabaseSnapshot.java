package dev.sotbackup.testing;

import org.junit.jupiter.api.Assertions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything that must survive dump and restore, in comparable form: the schema as stock pg_dump prints it, a
 * checksum of every table's rows, sequence positions, large objects and privileges. Two databases are
 * "indistinguishable" (DESIGN.md, Fidelity) when {@link #assertSame} passes.
 *
 * @param schema          normalised {@code pg_dump -s} output, or null when no suitable pg_dump is installed
 * @param schemaAbsentWhy why {@code schema} is null; null when it is not
 * @param rowChecksums    "schema.table" → "rowcount:md5" of the rows as text, sorted; every table, partition,
 *                        inheritance child (its own rows only) and populated materialized view
 * @param sequences       "schema.sequence" → "last_value/is_called"
 * @param largeObjects    oid → "md5=... owner=... comment=..."
 * @param privileges      "kind name" → owner and effective ACL (NULL ACLs resolved to their defaults, items sorted),
 *                        for relations, columns, schemas, routines, types, foreign-data objects, large objects,
 *                        plus default ACLs
 * @param objectCounts    kind → how many user objects of that kind exist (extension members left out), in terms
 *                        every major from 12 on reports alike, so databases on different majors compare too
 */
public record DatabaseSnapshot(
        String schema,
        String schemaAbsentWhy,
        SortedMap<String, String> rowChecksums,
        SortedMap<String, String> sequences,
        SortedMap<String, String> largeObjects,
        SortedMap<String, String> privileges,
        SortedMap<String, String> objectCounts) {

    private static final int MAX_REPORTED = 15;
    private static final int CONTEXT_LINES = 3;
    private static final int MAX_DIFF_LINES = 40;

    /** Schemas that are never the user's. */
    private static final String USER_NAMESPACE =
            "n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";

    public static DatabaseSnapshot capture(TestServer server, String database) {
        String schema = null;
        String why = null;
        Optional<Path> pgDump = Oracles.find("pg_dump");
        if (pgDump.isEmpty()) {
            why = "no pg_dump installed";
        } else if (Oracles.majorVersion(pgDump.get()) < server.majorVersion()) {
            why = pgDump.get() + " (" + Oracles.majorVersion(pgDump.get()) + ") cannot dump " + server;
        } else {
            Oracles.ToolResult dump = Oracles.run(true,
                    List.of(pgDump.get().toString(), "-s", "-d", server.conninfo(database)));
            schema = normaliseSchema(dump.stdout());
        }
        return captureContents(server, database, schema, why);
    }

    /**
     * Everything but the schema text, for comparisons across majors, where pg_dump -s output differs by the
     * server's version even for equal databases.
     */
    public static DatabaseSnapshot captureWithoutSchema(TestServer server, String database) {
        return captureContents(server, database, null, "not captured: compared across PostgreSQL majors");
    }

    private static DatabaseSnapshot captureContents(TestServer server, String database, String schema, String why) {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            // Fully qualified names everywhere, independent of the role's search_path.
            statement.execute("SET search_path = pg_catalog");
            return new DatabaseSnapshot(schema, why, rowChecksums(connection), sequences(connection),
                    largeObjects(connection), privileges(connection), objectCounts(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot snapshot " + database + " on " + server + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops what legitimately differs between two dumps of equal databases: comment lines (they carry the
     * versions), {@code \restrict}/{@code &#92;unrestrict} keys (random per run), and runs of blank lines.
     */
    static String normaliseSchema(String dump) {
        StringBuilder out = new StringBuilder();
        boolean previousBlank = true;
        for (String line : dump.split("\n", -1)) {
            if (line.startsWith("--") || line.startsWith("\\restrict") || line.startsWith("\\unrestrict")) {
                continue;
            }
            boolean blank = line.isBlank();
            if (blank && previousBlank) {
                continue;
            }
            out.append(blank ? "" : line).append('\n');
            previousBlank = blank;
        }
        return out.toString().strip() + "\n";
    }

    private static SortedMap<String, String> rowChecksums(Connection connection) throws SQLException {
        List<String> tables = strings(connection, "SELECT format('%I.%I', n.nspname, c.relname)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated))"
                + " AND c.relpersistence <> 't' AND " + USER_NAMESPACE + " ORDER BY 1");
        SortedMap<String, String> checksums = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                // ONLY: an inheritance parent's own rows, not its children's (they are checked on their own).
                // COLLATE "C": the same order whatever the databases' default collations are.
                String sql = "SELECT count(*) || ':' || md5(coalesce(string_agg(r, E'\\n' ORDER BY r COLLATE \"C\"), ''))"
                        + " FROM (SELECT t::text AS r FROM ONLY " + table + " t) rows";
                try (ResultSet rows = statement.executeQuery(sql)) {
                    rows.next();
                    checksums.put(table, rows.getString(1));
                }
            }
        }
        return checksums;
    }

    private static SortedMap<String, String> sequences(Connection connection) throws SQLException {
        List<String> names = strings(connection, "SELECT format('%I.%I', n.nspname, c.relname)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = 'S' AND " + USER_NAMESPACE + " ORDER BY 1");
        SortedMap<String, String> sequences = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String name : names) {
                try (ResultSet rows = statement.executeQuery("SELECT last_value, is_called FROM " + name)) {
                    rows.next();
                    sequences.put(name, rows.getString(1) + "/" + rows.getBoolean(2));
                }
            }
        }
        return sequences;
    }

    private static SortedMap<String, String> largeObjects(Connection connection) throws SQLException {
        return pairs(connection, """
                SELECT m.oid::text,
                       'md5=' || md5(lo_get(m.oid)) || ' owner=' || pg_get_userbyid(m.lomowner)
                       || coalesce(' comment=' || obj_description(m.oid, 'pg_largeobject'), '')
                FROM pg_largeobject_metadata m""");
    }

    private static SortedMap<String, String> privileges(Connection connection) throws SQLException {
        SortedMap<String, String> privileges = new TreeMap<>();
        String sortedAcl = "array_to_string(ARRAY(SELECT a::text FROM unnest(%s) a ORDER BY 1), ',')";
        privileges.putAll(pairs(connection, "SELECT 'relation ' || format('%I.%I', n.nspname, c.relname),"
                + " 'owner=' || pg_get_userbyid(c.relowner) || ' acl=' || " + sortedAcl.formatted(
                "coalesce(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::\"char\", c.relowner))")
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND " + USER_NAMESPACE));
        privileges.putAll(pairs(connection, "SELECT 'column ' || format('%I.%I.%I', n.nspname, c.relname, a.attname),"
                + " 'acl=' || " + sortedAcl.formatted("a.attacl")
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE a.attacl IS NOT NULL AND NOT a.attisdropped AND " + USER_NAMESPACE));
        privileges.putAll(pairs(connection, "SELECT 'schema ' || format('%I', n.nspname),"
                + " 'owner=' || pg_get_userbyid(n.nspowner) || ' acl=' || "
                + sortedAcl.formatted("coalesce(n.nspacl, acldefault('n', n.nspowner))")
                + " FROM pg_namespace n WHERE " + USER_NAMESPACE));
        privileges.putAll(pairs(connection, "SELECT 'routine ' || p.oid::regprocedure::text,"
                + " 'owner=' || pg_get_userbyid(p.proowner) || ' acl=' || "
                + sortedAcl.formatted("coalesce(p.proacl, acldefault('f', p.proowner))")
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER_NAMESPACE));
        privileges.putAll(pairs(connection, "SELECT 'type ' || format('%I.%I', n.nspname, t.typname),"
                + " 'owner=' || pg_get_userbyid(t.typowner) || ' acl=' || "
                + sortedAcl.formatted("coalesce(t.typacl, acldefault('T', t.typowner))")
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE t.typtype IN ('b', 'c', 'd', 'e', 'r', 'm') AND t.typcategory <> 'A'"
                + " AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')"
                + " AND " + USER_NAMESPACE));
        privileges.putAll(pairs(connection, "SELECT 'foreign data wrapper ' || format('%I', w.fdwname),"
                + " 'owner=' || pg_get_userbyid(w.fdwowner) || ' acl=' || "
                + sortedAcl.formatted("coalesce(w.fdwacl, acldefault('F', w.fdwowner))")
                + " FROM pg_foreign_data_wrapper w"));
        privileges.putAll(pairs(connection, "SELECT 'foreign server ' || format('%I', s.srvname),"
                + " 'owner=' || pg_get_userbyid(s.srvowner) || ' acl=' || "
                + sortedAcl.formatted("coalesce(s.srvacl, acldefault('S', s.srvowner))")
                + " FROM pg_foreign_server s"));
        privileges.putAll(pairs(connection, "SELECT 'large object ' || m.oid::text,"
                + " 'acl=' || " + sortedAcl.formatted("coalesce(m.lomacl, acldefault('L', m.lomowner))")
                + " FROM pg_largeobject_metadata m"));
        privileges.putAll(pairs(connection, "SELECT 'default acl for ' || pg_get_userbyid(d.defaclrole)"
                + " || ' in ' || coalesce((SELECT format('%I', nspname) FROM pg_namespace WHERE oid = d.defaclnamespace), '*')"
                + " || ' on ' || d.defaclobjtype::text, 'acl=' || " + sortedAcl.formatted("d.defaclacl")
                + " FROM pg_default_acl d"));
        return privileges;
    }

    /**
     * Objects per kind. Extension members are left out everywhere: an extension brings the target's default
     * version of its objects (pg_trgm has more functions on 13+ than on 12). NOT NULL is counted from
     * pg_attribute, since 18 also records it in pg_constraint (contype 'n') and earlier majors do not; the
     * 18-only facets of a not-null constraint (a name of its own, NO INHERIT, NOT VALID) have their own kinds.
     * Triggers are counted but for foreign keys' internal ones: 12 marks the clones of a partitioned table's
     * triggers internal too, 13+ does not. Multirange types (14+ creates one per range type) are left out, and
     * so are routines a type creates for itself (range and, on 14+, multirange constructors).
     */
    private static SortedMap<String, String> objectCounts(Connection connection) throws SQLException {
        String notMember = "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '%s'::regclass"
                + " AND e.objid = %s AND e.deptype = 'e')";
        String userClass = "n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' AND "
                + notMember.formatted("pg_class", "c.oid");
        boolean eighteen = intValue(connection, "SELECT current_setting('server_version_num')::int") >= 180000;
        String notNullFacets = eighteen ? """
                UNION ALL SELECT 'not-null constraint with its own name', count(*) FROM pg_constraint k
                  JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE k.contype = 'n' AND k.conname !~ '_not_null[0-9]*$' AND %1$s
                UNION ALL SELECT 'not-null constraint NO INHERIT', count(*) FROM pg_constraint k
                  JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE k.contype = 'n' AND k.connoinherit AND %1$s
                UNION ALL SELECT 'not-null constraint NOT VALID', count(*) FROM pg_constraint k
                  JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE k.contype = 'n' AND NOT k.convalidated AND %1$s
                UNION ALL SELECT 'comment on not-null constraint', count(*) FROM pg_constraint k
                  JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_description d ON d.objoid = k.oid AND d.classoid = 'pg_constraint'::regclass
                 WHERE k.contype = 'n' AND %1$s
                """.formatted(userClass) : "";
        String sql = """
                SELECT 'relation ' || c.relkind::text, count(*) FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE %1$s GROUP BY c.relkind
                UNION ALL SELECT 'column', count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c') AND %1$s
                UNION ALL SELECT 'column NOT NULL', count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND c.relkind IN ('r', 'p', 'f') AND %1$s
                UNION ALL SELECT 'column with default', count(*) FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE %1$s
                UNION ALL SELECT 'column generated ' || a.attgenerated::text, count(*) FROM pg_attribute a
                  JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE a.attgenerated <> '' AND NOT a.attisdropped AND %1$s GROUP BY a.attgenerated
                UNION ALL SELECT 'column identity ' || a.attidentity::text, count(*) FROM pg_attribute a
                  JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE a.attidentity <> '' AND NOT a.attisdropped AND %1$s GROUP BY a.attidentity
                UNION ALL SELECT 'constraint ' || k.contype::text || CASE WHEN k.convalidated THEN '' ELSE ' NOT VALID' END,
                       count(*) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.contype <> 'n' AND %1$s
                 GROUP BY k.contype, k.convalidated
                UNION ALL SELECT 'trigger', count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc f ON f.oid = t.tgfoid
                 WHERE f.proname NOT LIKE 'RI\\_FKey\\_%%' AND %1$s
                UNION ALL SELECT 'rule', count(*) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.rulename <> '_RETURN' AND %1$s
                UNION ALL SELECT 'policy', count(*) FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE %1$s
                UNION ALL SELECT 'statistics object', count(*) FROM pg_statistic_ext s
                  JOIN pg_class c ON c.oid = s.stxrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE %1$s
                UNION ALL SELECT 'comment on relation or column', count(*) FROM pg_description d
                  JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE %1$s
                UNION ALL SELECT 'routine ' || p.prokind::text, count(*) FROM pg_proc p
                  JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE %2$s AND %3$s AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass
                                                       AND i.objid = p.oid AND i.deptype = 'i')
                 GROUP BY p.prokind
                UNION ALL SELECT 'type ' || t.typtype::text, count(*) FROM pg_type t
                  JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE t.typcategory <> 'A' AND t.typrelid = 0 AND t.typtype <> 'm' AND %2$s AND %4$s
                 GROUP BY t.typtype
                UNION ALL SELECT 'domain constraint', count(*) FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid
                  JOIN pg_namespace n ON n.oid = t.typnamespace WHERE k.contype = 'c' AND %2$s AND %4$s
                UNION ALL SELECT 'operator', count(*) FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
                 WHERE %2$s AND %5$s
                UNION ALL SELECT 'operator class', count(*) FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace
                 WHERE %2$s AND %6$s
                UNION ALL SELECT 'collation', count(*) FROM pg_collation o JOIN pg_namespace n ON n.oid = o.collnamespace
                 WHERE %2$s
                UNION ALL SELECT 'conversion', count(*) FROM pg_conversion o JOIN pg_namespace n ON n.oid = o.connamespace
                 WHERE %2$s
                UNION ALL SELECT 'text search configuration', count(*) FROM pg_ts_config o
                  JOIN pg_namespace n ON n.oid = o.cfgnamespace WHERE %2$s
                UNION ALL SELECT 'text search dictionary', count(*) FROM pg_ts_dict o
                  JOIN pg_namespace n ON n.oid = o.dictnamespace WHERE %2$s
                UNION ALL SELECT 'schema', count(*) FROM pg_namespace n WHERE %2$s
                UNION ALL SELECT 'extension', count(*) FROM pg_extension
                UNION ALL SELECT 'event trigger', count(*) FROM pg_event_trigger
                UNION ALL SELECT 'publication', count(*) FROM pg_publication
                UNION ALL SELECT 'publication member', count(*) FROM pg_publication_rel
                UNION ALL SELECT 'foreign-data wrapper', count(*) FROM pg_foreign_data_wrapper
                UNION ALL SELECT 'foreign server', count(*) FROM pg_foreign_server
                UNION ALL SELECT 'user mapping', count(*) FROM pg_user_mapping
                UNION ALL SELECT 'default privileges', count(*) FROM pg_default_acl
                %7$s
                """.formatted(userClass, USER_NAMESPACE, notMember.formatted("pg_proc", "p.oid"),
                notMember.formatted("pg_type", "t.oid"), notMember.formatted("pg_operator", "o.oid"),
                notMember.formatted("pg_opclass", "o.oid"), notNullFacets);
        SortedMap<String, String> counts = new TreeMap<>(pairs(connection, sql));
        counts.values().removeIf("0"::equals);
        return counts;
    }

    private static int intValue(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static SortedMap<String, String> pairs(Connection connection, String sql) throws SQLException {
        SortedMap<String, String> values = new TreeMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getString(2));
            }
        }
        return values;
    }

    /**
     * Fails, listing the first differences of each part, unless both snapshots are the same. The schemas are
     * compared only when both were captured.
     */
    public static void assertSame(DatabaseSnapshot expected, DatabaseSnapshot actual) {
        List<String> problems = differences(expected, actual);
        if (!problems.isEmpty()) {
            Assertions.fail("databases differ:\n" + String.join("\n", problems));
        }
    }

    /** The differences {@link #assertSame} reports, one readable block per part; empty when the same. */
    public static List<String> differences(DatabaseSnapshot expected, DatabaseSnapshot actual) {
        List<String> problems = new ArrayList<>();
        if (expected.schema() != null && actual.schema() != null && !expected.schema().equals(actual.schema())) {
            problems.add("schema (pg_dump -s, - expected, + actual):\n" + lineDiff(expected.schema(), actual.schema()));
        }
        compare("rows (table → count:md5)", expected.rowChecksums(), actual.rowChecksums(), problems);
        compare("sequences (last_value/is_called)", expected.sequences(), actual.sequences(), problems);
        compare("large objects", expected.largeObjects(), actual.largeObjects(), problems);
        compare("privileges", expected.privileges(), actual.privileges(), problems);
        compare("object counts (kind → count)", expected.objectCounts(), actual.objectCounts(), problems);
        return problems;
    }

    /**
     * The differences between a database and its copy on another major, in what stays comparable there: rows,
     * sequences, large objects, object counts, and the privileges of the objects both have (an object one of them
     * lacks shows in the counts; extensions and range types bring version-dependent routines with them). A
     * relation copied from before 17 into 17+ gets its owner's new MAINTAIN privilege by default, so MAINTAIN is
     * left out of relation and column privileges then.
     */
    public static List<String> differencesAcrossMajors(DatabaseSnapshot source, int sourceMajor,
                                                       DatabaseSnapshot copy, int copyMajor) {
        boolean maintainAppeared = sourceMajor < 17 && copyMajor >= 17;
        SortedMap<String, String> sourcePrivileges = new TreeMap<>();
        SortedMap<String, String> copyPrivileges = new TreeMap<>();
        for (Map.Entry<String, String> entry : source.privileges().entrySet()) {
            String copied = copy.privileges().get(entry.getKey());
            if (copied == null) {
                continue;
            }
            boolean relation = entry.getKey().startsWith("relation ") || entry.getKey().startsWith("column ");
            sourcePrivileges.put(entry.getKey(), entry.getValue());
            copyPrivileges.put(entry.getKey(), relation && maintainAppeared ? withoutMaintain(copied) : copied);
        }
        List<String> problems = new ArrayList<>();
        compare("rows (table → count:md5)", source.rowChecksums(), copy.rowChecksums(), problems);
        compare("sequences (last_value/is_called)", source.sequences(), copy.sequences(), problems);
        compare("large objects", source.largeObjects(), copy.largeObjects(), problems);
        compare("privileges of the objects both have", sourcePrivileges, copyPrivileges, problems);
        compare("object counts (kind → count)", source.objectCounts(), copy.objectCounts(), problems);
        return problems;
    }

    /** "owner=x acl=x=arwdDxtm/x,y=m/x" without the MAINTAIN letter (an item left empty goes). */
    private static String withoutMaintain(String privileges) {
        int acl = privileges.indexOf("acl=");
        if (acl < 0) {
            return privileges;
        }
        List<String> items = new ArrayList<>();
        for (String item : privileges.substring(acl + 4).split(",")) {
            int equals = item.lastIndexOf('=', item.indexOf('/') < 0 ? item.length() : item.indexOf('/'));
            int slash = item.indexOf('/', equals);
            String rights = item.substring(equals + 1, slash < 0 ? item.length() : slash).replace("m", "");
            if (!rights.isEmpty()) {
                items.add(item.substring(0, equals + 1) + rights + (slash < 0 ? "" : item.substring(slash)));
            }
        }
        return privileges.substring(0, acl + 4) + String.join(",", items);
    }

    private static void compare(String what, Map<String, String> expected, Map<String, String> actual,
                                List<String> problems) {
        List<String> lines = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        int differing = 0;
        for (String key : keys) {
            String e = expected.get(key);
            String a = actual.get(key);
            if (Objects.equals(e, a)) {
                continue;
            }
            differing++;
            if (lines.size() < MAX_REPORTED) {
                if (a == null) {
                    lines.add("  missing:    " + key + " = " + e);
                } else if (e == null) {
                    lines.add("  unexpected: " + key + " = " + a);
                } else {
                    lines.add("  different:  " + key + "\n    expected " + e + "\n    actual   " + a);
                }
            }
        }
        if (differing > 0) {
            if (differing > lines.size()) {
                lines.add("  ... and " + (differing - lines.size()) + " more");
            }
            problems.add(what + ": " + differing + " difference(s)\n" + String.join("\n", lines));
        }
    }

    /**
     * A unified-diff-like excerpt: the lines between the common head and tail of both texts, with a few lines of
     * context. Not a minimal diff, but it points at the first and last difference, which is what a reader needs.
     */
    static String lineDiff(String expected, String actual) {
        List<String> e = List.of(expected.split("\n", -1));
        List<String> a = List.of(actual.split("\n", -1));
        int head = 0;
        while (head < e.size() && head < a.size() && e.get(head).equals(a.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < e.size() - head && tail < a.size() - head
                && e.get(e.size() - 1 - tail).equals(a.get(a.size() - 1 - tail))) {
            tail++;
        }
        StringBuilder out = new StringBuilder();
        int from = Math.max(0, head - CONTEXT_LINES);
        out.append("@@ line ").append(head + 1).append(" @@\n");
        for (int i = from; i < head; i++) {
            out.append("  ").append(e.get(i)).append('\n');
        }
        appendLimited(out, "- ", e.subList(head, e.size() - tail));
        appendLimited(out, "+ ", a.subList(head, a.size() - tail));
        for (int i = e.size() - tail; i < Math.min(e.size(), e.size() - tail + CONTEXT_LINES); i++) {
            out.append("  ").append(e.get(i)).append('\n');
        }
        return out.toString();
    }

    private static void appendLimited(StringBuilder out, String prefix, List<String> lines) {
        List<String> shown = lines.size() > MAX_DIFF_LINES ? lines.subList(0, MAX_DIFF_LINES) : lines;
        for (String line : shown) {
            out.append(prefix).append(line).append('\n');
        }
        if (shown.size() < lines.size()) {
            out.append(prefix).append("... ").append(lines.size() - shown.size()).append(" more lines\n");
        }
    }

    /** Unmodifiable copies, so a snapshot cannot change after capture. */
    public DatabaseSnapshot {
        rowChecksums = Collections.unmodifiableSortedMap(new TreeMap<>(rowChecksums));
        sequences = Collections.unmodifiableSortedMap(new TreeMap<>(sequences));
        largeObjects = Collections.unmodifiableSortedMap(new TreeMap<>(largeObjects));
        privileges = Collections.unmodifiableSortedMap(new TreeMap<>(privileges));
        objectCounts = Collections.unmodifiableSortedMap(new TreeMap<>(objectCounts));
    }
}
