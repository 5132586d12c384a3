package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Relations and what pg_dump prints inside or right beside them: tables (plain, partitioned, partitions,
 * inheritance children, unlogged) with columns, defaults, generated columns and validated CHECK
 * constraints; foreign tables (relkind 'f') with their SERVER, OPTIONS and per-column OPTIONS; views;
 * materialized views and their refresh; sequences (plain, serial-owned and identity) with their values; and
 * one TABLE DATA entry per table whose rows are dumped (never for foreign tables).
 */
public final class TableReader implements ObjectReader {

    private static final String RELATIONS = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relowner,
                   c.relacl::text AS relacl,
                   pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's'::"char" ELSE 'r'::"char" END, c.relowner)::text AS defacl,
                   pg_catalog.array_to_string(c.reloptions, ', ') AS reloptions,
                   c.relispartition,
                   CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partbound,
                   CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partkey,
                   am.amname, COALESCE(ts.spcname, '') AS spcname, c.reltype, c.relpages,
                   c.relispopulated, c.relreplident, c.relforcerowsecurity,
                   CASE WHEN c.reloftype <> 0 THEN pg_catalog.format_type(c.reloftype, NULL) END AS oftype,
                   (SELECT r.oid FROM pg_catalog.pg_rewrite r
                     WHERE r.ev_class = c.oid AND r.rulename = '_RETURN') AS viewrule,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS viewdef,
                   (SELECT pg_catalog.array_agg(i.inhparent ORDER BY i.inhseqno)::text
                      FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) AS parents,
                   s.srvname, CASE WHEN c.relkind = 'f' THEN %s END AS ftoptions
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
              LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace
              LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
              LEFT JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
             ORDER BY c.oid
            """.formatted(ForeignDataReader.optionList("ft.ftoptions"));

    /**
     * Columns with their NOT NULL: before 18 that is attnotnull alone; 18 records it as a pg_constraint row
     * (contype 'n') with a name, NO INHERIT, validity and a local or inherited definition, and sets attnotnull
     * for a NOT VALID one too. Options starting with {@code pg_attver=} are left out, as the pg_dump of the
     * distribution build that writes them into every column's attoptions leaves them out (Debian's PostgreSQL 15
     * here): upstream servers reject that option ("unrecognized parameter"), so keeping it made every dump of
     * such a server unrestorable anywhere else.
     */
    private static final String COLUMNS = """
            SELECT a.attrelid, a.attnum, a.attname,
                   pg_catalog.format_type(a.atttypid, a.atttypmod) AS typname,
                   a.attislocal, a.attidentity, a.attgenerated,
                   pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS defexpr, d.oid AS defoid,
                   CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN %s END AS collation,
                   COALESCE(a.attstattarget, -1)::int AS stattarget, a.attstorage, t.typstorage,
                   pg_catalog.array_to_string(ARRAY(SELECT o FROM pg_catalog.unnest(a.attoptions) o
                                                     WHERE pg_catalog.substr(o, 1, 10) <> 'pg_attver='),
                                              ', ') AS attoptions,
                   CASE WHEN c.relkind = 'f' THEN %s END AS fdwoptions,
                   a.attacl::text AS attacl,
                   %%s
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              %%s
             WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
             ORDER BY a.attrelid, a.attnum
            """.formatted(ReaderSupport.collationName("a.attcollation"),
            ForeignDataReader.optionList("a.attfdwoptions"));

    private static final String NOT_NULL_BEFORE_18 = """
            a.attnotnull, 0::oid AS notnull_oid, NULL::name AS notnull_name, true AS notnull_valid,
                   false AS notnull_noinherit, true AS notnull_local""";

    private static final String NOT_NULL_18 = """
            co.oid IS NOT NULL AS attnotnull, co.oid AS notnull_oid, co.conname AS notnull_name,
                   co.convalidated AS notnull_valid, co.connoinherit AS notnull_noinherit,
                   co.conislocal AS notnull_local""";

    private static final String NOT_NULL_18_JOIN = """
            LEFT JOIN pg_catalog.pg_constraint co
                ON co.conrelid = a.attrelid AND co.contype = 'n' AND co.conkey = ARRAY[a.attnum]""";

    private static String columnsQuery(int serverVersion) {
        return serverVersion >= 180000 ? COLUMNS.formatted(NOT_NULL_18, NOT_NULL_18_JOIN)
                : COLUMNS.formatted(NOT_NULL_BEFORE_18, "");
    }

    private static final String CHECKS = """
            SELECT conrelid, oid, conname, pg_catalog.pg_get_constraintdef(oid) AS def
              FROM pg_catalog.pg_constraint
             WHERE contype = 'c' AND conrelid <> 0 AND convalidated AND conislocal
             ORDER BY conrelid, conname
            """;

    private static final String SEQUENCES = """
            SELECT s.seqrelid, pg_catalog.format_type(s.seqtypid, NULL) AS seqtype, s.seqstart,
                   s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle
              FROM pg_catalog.pg_sequence s
            """;

    /** Sequences owned by a column: deptype 'a' is serial/OWNED BY, 'i' is an identity column. */
    private static final String SEQUENCE_OWNERS = """
            SELECT d.objid, d.refobjid, d.refobjsubid, d.deptype
              FROM pg_catalog.pg_depend d
              JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
             WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
               AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
               AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
            """;

    /** A single integer primary-key column lets the dumper split a big table into key ranges. */
    private static final String SPLIT_KEYS = """
            SELECT i.indrelid, a.attname
              FROM pg_catalog.pg_index i
              JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
             WHERE i.indisprimary AND i.indnatts = 1
               AND a.atttypid IN ('pg_catalog.int2'::pg_catalog.regtype, 'pg_catalog.int4'::pg_catalog.regtype,
                                  'pg_catalog.int8'::pg_catalog.regtype)
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        Map<Long, Relation> relations = new LinkedHashMap<>();
        // INHERITS names every parent, extension members included.
        Map<Long, String> qualifiedNames = new HashMap<>();
        ctx.forEachRow(RELATIONS, rs -> {
            Relation r = Relation.from(rs, ctx);
            qualifiedNames.put(r.oid, qualify(r.schema, r.name));
            if (!ctx.isExtensionMember(CatalogId.of(CatalogId.PG_CLASS, r.oid))) {
                relations.put(r.oid, r);
            }
        });
        ctx.forEachRow(columnsQuery(ctx.serverVersion()), rs -> {
            Relation r = relations.get(rs.getLong("attrelid"));
            if (r != null) {
                r.columns.add(Column.from(rs, r.name));
            }
        });
        ctx.forEachRow(CHECKS, rs -> {
            Relation r = relations.get(rs.getLong("conrelid"));
            if (r != null) {
                r.checks.add(new Check(rs.getLong("oid"), rs.getString("conname"), rs.getString("def")));
            }
        });
        Map<Long, SequenceOptions> sequenceOptions = new HashMap<>();
        ctx.forEachRow(SEQUENCES, rs -> sequenceOptions.put(rs.getLong("seqrelid"), SequenceOptions.from(rs)));
        Map<Long, SequenceOwner> sequenceOwners = new HashMap<>();
        ctx.forEachRow(SEQUENCE_OWNERS, rs -> sequenceOwners.put(rs.getLong("objid"),
                new SequenceOwner(rs.getLong("refobjid"), rs.getInt("refobjsubid"),
                        "i".equals(rs.getString("deptype")))));
        Map<Long, String> splitKeys = new HashMap<>();
        ctx.forEachRow(SPLIT_KEYS, rs -> splitKeys.put(rs.getLong("indrelid"), rs.getString("attname")));
        long blockSize = ctx.queryInt("SELECT current_setting('block_size')::int");

        Set<Long> included = new HashSet<>();
        for (Relation r : relations.values()) {
            if (r.kind == 'S') {
                // Owned sequences go with their table, like pg_dump: -t on a table brings its sequences.
                Relation table = owningTable(relations, sequenceOwners.get(r.oid));
                if (table != null ? ctx.includeTable(table.schema, table.name) : ctx.includeTable(r.schema, r.name)) {
                    included.add(r.oid);
                }
            } else if (ctx.includeTable(r.schema, r.name)) {
                included.add(r.oid);
            }
        }

        CatalogOptions options = ctx.options();
        List<DumpObject> objects = new ArrayList<>();
        for (Relation r : relations.values()) {
            if (!included.contains(r.oid)) {
                continue;
            }
            switch (r.kind) {
                case 'r', 'p', 'f' -> {
                    objects.add(table(ctx, r, qualifiedNames));
                    if (r.partitionBound != null && r.parents.length == 1 && included.contains(r.parents[0])) {
                        objects.add(attach(r, relations.get(r.parents[0])));
                    }
                    if (r.kind == 'r' && !options.schemaOnly() && ctx.includeTableData(r.schema, r.name)) {
                        objects.add(tableData(r, splitKeys.get(r.oid), r.pages * blockSize));
                    }
                }
                case 'v' -> objects.add(view(ctx, r));
                case 'm' -> {
                    objects.add(view(ctx, r));
                    if (r.populated && !options.schemaOnly()) {
                        objects.add(refresh(r));
                    }
                }
                case 'S' -> {
                    SequenceOwner owner = sequenceOwners.get(r.oid);
                    Relation table = owningTable(relations, owner);
                    objects.addAll(sequence(ctx, r, sequenceOptions.get(r.oid), owner, table,
                            table != null && included.contains(table.oid)));
                }
                default -> throw new IllegalStateException("unexpected relkind " + r.kind);
            }
        }
        return objects;
    }

    /**
     * The table a serial sequence belongs to, or null. A sequence owned by a foreign-table column is dumped as a
     * free-standing sequence without OWNED BY (pg_dump would print OWNED BY; kept as it was when foreign tables
     * had their own reader, so that merging the readers changed no output).
     */
    private static Relation owningTable(Map<Long, Relation> relations, SequenceOwner owner) {
        Relation table = owner == null ? null : relations.get(owner.table);
        return table == null || table.kind == 'f' ? null : table;
    }

    /** CREATE TABLE or CREATE FOREIGN TABLE, with the ALTERs pg_dump prints inside the same entry. */
    private static DumpObject table(CatalogContext ctx, Relation r, Map<Long, String> qualifiedNames) {
        String qualified = qualify(r.schema, r.name);
        boolean partition = r.partitionBound != null;
        boolean foreign = r.kind == 'f';
        String keyword = foreign ? "FOREIGN TABLE" : "TABLE";
        StringBuilder sql = new StringBuilder("CREATE ");
        if (r.persistence == 'u') {
            sql.append("UNLOGGED ");
        }
        sql.append(keyword).append(' ').append(qualified);
        if (r.ofType != null) {
            // A typed table takes its columns from the type; only per-column options are printed.
            sql.append(" OF ").append(r.ofType);
        }
        List<String> lines = new ArrayList<>();
        Set<CatalogId> aliases = new HashSet<>();
        aliases.add(CatalogId.of(CatalogId.PG_TYPE, r.rowType));
        StringBuilder alters = new StringBuilder();
        String alterColumn = "ALTER " + keyword + " ONLY " + qualified + " ALTER COLUMN ";
        for (Column c : r.columns) {
            if (c.defaultOid != 0) {
                aliases.add(CatalogId.of(CatalogId.PG_ATTRDEF, c.defaultOid));
            }
            if (c.notNull != null && c.notNull.oid != 0 && c.notNull.valid) {
                aliases.add(CatalogId.of(CatalogId.PG_CONSTRAINT, c.notNull.oid));
            }
            // Inheritance children print only their own columns; partitions print all (pg_dump does the same).
            if (!c.local && !partition) {
                if (c.defaultExpr != null && c.generated.isEmpty()) {
                    alters.append(alterColumn).append(quote(c.name)).append(" SET DEFAULT ").append(c.defaultExpr)
                            .append(";\n");
                }
                // An inherited NOT NULL comes back with the parent; only a local one is the child's own.
                if (c.printedNotNull() && c.notNull.local) {
                    if (c.notNull.name == null) {
                        alters.append(alterColumn).append(quote(c.name)).append(" SET NOT NULL;\n");
                    } else {
                        alters.append("ALTER ").append(keyword).append(" ONLY ").append(qualified)
                                .append(" ADD CONSTRAINT ").append(quote(c.notNull.name)).append(" NOT NULL ")
                                .append(quote(c.name)).append(";\n");
                    }
                }
                continue;
            }
            if (r.ofType != null && c.defaultExpr == null && !c.printedNotNull()) {
                continue;
            }
            lines.add(columnLine(r, c));
        }
        for (Check check : r.checks) {
            aliases.add(CatalogId.of(CatalogId.PG_CONSTRAINT, check.oid));
            lines.add("    CONSTRAINT " + quote(check.name) + " " + check.definition);
        }
        if (r.ofType == null || !lines.isEmpty()) {
            sql.append(" (\n");
            // Without columns a foreign table prints "(\n)", a plain table "(\n\n)".
            if (!lines.isEmpty() || !foreign) {
                sql.append(String.join(",\n", lines)).append('\n');
            }
            sql.append(')');
        }
        if (r.parents.length > 0 && !partition) {
            List<String> parentNames = new ArrayList<>();
            for (long parent : r.parents) {
                parentNames.add(qualifiedNames.get(parent));
            }
            sql.append("\nINHERITS (").append(String.join(", ", parentNames)).append(")");
        }
        if (r.partitionKey != null) {
            sql.append("\nPARTITION BY ").append(r.partitionKey);
        }
        if (r.options != null && !r.options.isEmpty()) {
            sql.append("\nWITH (").append(r.options).append(")");
        }
        if (foreign) {
            sql.append("\nSERVER ").append(quote(r.server));
            if (r.serverOptions != null && !r.serverOptions.isEmpty()) {
                sql.append("\nOPTIONS (\n    ").append(r.serverOptions).append("\n)");
            }
        }
        sql.append(";\n");
        for (Column c : r.columns) {
            String col = alterColumn + quote(c.name);
            if (c.statTarget >= 0) {
                alters.append(col).append(" SET STATISTICS ").append(c.statTarget).append(";\n");
            }
            if (c.storage != c.typeStorage) {
                alters.append(col).append(" SET STORAGE ").append(storageName(c.storage)).append(";\n");
            }
            if (c.options != null && !c.options.isEmpty()) {
                alters.append(col).append(" SET (").append(c.options).append(");\n");
            }
            if (c.fdwOptions != null && !c.fdwOptions.isEmpty()) {
                alters.append("ALTER FOREIGN TABLE ").append(qualified).append(" ALTER COLUMN ")
                        .append(quote(c.name)).append(" OPTIONS (\n    ").append(c.fdwOptions).append("\n);\n");
            }
        }
        // Foreign tables have relreplident 'n' and no REPLICA IDENTITY or row security of their own.
        if (!foreign) {
            if (r.replicaIdentity == 'f') {
                alters.append("ALTER TABLE ONLY ").append(qualified).append(" REPLICA IDENTITY FULL;\n");
            } else if (r.replicaIdentity == 'n') {
                alters.append("ALTER TABLE ONLY ").append(qualified).append(" REPLICA IDENTITY NOTHING;\n");
            }
            if (r.forceRowSecurity) {
                // ENABLE ROW LEVEL SECURITY is its own entry (PolicyReader); FORCE travels with the table,
                // as in pg_dump.
                alters.append("ALTER TABLE ONLY ").append(qualified).append(" FORCE ROW LEVEL SECURITY;\n");
            }
        }
        sql.append(alters);

        return relationEntry(ctx, r, keyword, aliases, sql.toString())
                .tablespace(r.tablespace)
                .tableAm(r.kind == 'r' || r.kind == 'm' ? r.accessMethod : null)
                .build();
    }

    /** One column inside CREATE TABLE; pg_dump puts COLLATE first for tables, last for foreign tables. */
    private static String columnLine(Relation r, Column c) {
        boolean foreign = r.kind == 'f';
        StringBuilder line = new StringBuilder("    ").append(quote(c.name)).append(' ')
                .append(r.ofType != null ? "WITH OPTIONS" : c.type);
        if (c.collation != null && !foreign) {
            line.append(" COLLATE ").append(c.collation);
        }
        if (c.defaultExpr != null) {
            switch (c.generated) {
                case "s" -> line.append(" GENERATED ALWAYS AS (").append(c.defaultExpr).append(") STORED");
                // Virtual (18+) is the default kind, so pg_dump prints no keyword for it.
                case "v" -> line.append(" GENERATED ALWAYS AS (").append(c.defaultExpr).append(')');
                default -> line.append(" DEFAULT ").append(c.defaultExpr);
            }
        }
        if (c.printedNotNull()) {
            if (c.notNull.name != null) {
                line.append(" CONSTRAINT ").append(quote(c.notNull.name));
            }
            line.append(" NOT NULL");
            if (c.notNull.noInherit) {
                line.append(" NO INHERIT");
            }
        }
        if (c.collation != null && foreign) {
            line.append(" COLLATE ").append(c.collation);
        }
        return line.toString();
    }

    private static DumpObject attach(Relation child, Relation parent) {
        String defn = "ALTER TABLE ONLY " + qualify(parent.schema, parent.name) + " ATTACH PARTITION "
                + qualify(child.schema, child.name) + " " + child.partitionBound + ";\n";
        return DumpObject.builder(CatalogId.of(CatalogId.TABLE_ATTACH, child.oid), Priority.TABLE_ATTACH,
                        "TABLE ATTACH", Section.PRE_DATA, child.name)
                .namespace(child.schema)
                .owner(child.owner)
                .defn(defn)
                .explicitDeps(List.of(parent.id(), child.id()))
                .onlyExplicitDeps(true)
                .build();
    }

    private static DumpObject tableData(Relation r, String splitColumn, long estimatedBytes) {
        List<String> copyColumns = new ArrayList<>();
        for (Column c : r.columns) {
            if (c.generated.isEmpty()) {
                copyColumns.add(c.name);
            }
        }
        String columnList = copyColumns.isEmpty() ? " "
                : " (" + String.join(", ", copyColumns.stream().map(n -> quote(n)).toList()) + ")";
        String copyStmt = "COPY " + qualify(r.schema, r.name) + columnList + " FROM stdin;\n";
        return DumpObject.builder(CatalogId.of(CatalogId.TABLE_DATA, r.oid), Priority.TABLE_DATA, "TABLE DATA",
                        Section.DATA, r.name)
                .namespace(r.schema)
                .owner(r.owner)
                .copyStmt(copyStmt)
                .dataTable(new TableRef(r.oid, r.schema, r.name, copyColumns, splitColumn, estimatedBytes, false))
                .explicitDeps(List.of(r.id()))
                .onlyExplicitDeps(true)
                .build();
    }

    private static DumpObject view(CatalogContext ctx, Relation r) {
        String qualified = qualify(r.schema, r.name);
        boolean materialized = r.kind == 'm';
        String body = r.viewDefinition.strip();
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1);
        }
        String checkOption = null;
        List<String> options = new ArrayList<>();
        if (r.options != null && !r.options.isEmpty()) {
            for (String option : r.options.split(", ")) {
                if (option.startsWith("check_option=")) {
                    checkOption = option.substring("check_option=".length());
                } else {
                    options.add(option);
                }
            }
        }
        String keyword = materialized ? "MATERIALIZED VIEW" : "VIEW";
        StringBuilder sql = new StringBuilder("CREATE ").append(keyword).append(' ').append(qualified);
        if (!options.isEmpty()) {
            sql.append(" WITH (").append(String.join(", ", options)).append(")");
        }
        sql.append(" AS\n ").append(body);
        if (checkOption != null) {
            sql.append("\n  WITH ").append(checkOption.toUpperCase(java.util.Locale.ROOT)).append(" CHECK OPTION");
        }
        if (materialized) {
            sql.append("\n  WITH NO DATA");
        }
        sql.append(";\n");
        Set<CatalogId> aliases = new HashSet<>();
        aliases.add(CatalogId.of(CatalogId.PG_TYPE, r.rowType));
        if (r.viewRule != 0) {
            aliases.add(CatalogId.of(CatalogId.PG_REWRITE, r.viewRule));
        }
        for (Column c : r.columns) {
            if (c.defaultExpr != null && !materialized) {
                sql.append("ALTER VIEW ").append(qualified).append(" ALTER COLUMN ").append(quote(c.name))
                        .append(" SET DEFAULT ").append(c.defaultExpr).append(";\n");
                aliases.add(CatalogId.of(CatalogId.PG_ATTRDEF, c.defaultOid));
            }
        }
        return relationEntry(ctx, r, keyword, aliases, sql.toString())
                .tablespace(materialized ? r.tablespace : null)
                .tableAm(materialized ? r.accessMethod : null)
                .build();
    }

    /** The entry of a table or view: {@code keyword} is its desc and names it in DROP and the satellites. */
    private static DumpObject.Builder relationEntry(CatalogContext ctx, Relation r, String keyword,
                                                    Set<CatalogId> aliases, String defn) {
        return DumpObject.builder(r.id(), Priority.TABLE, keyword, Section.PRE_DATA, r.name)
                .aliases(aliases)
                .namespace(r.schema)
                .owner(r.owner)
                .defn(defn)
                .dropStmt("DROP " + keyword + " " + qualify(r.schema, r.name) + ";\n")
                .relkind(r.kind)
                .satellites(relationSatellites(ctx, r, keyword));
    }

    private static DumpObject refresh(Relation r) {
        return DumpObject.builder(CatalogId.of(CatalogId.MATVIEW_DATA, r.oid), Priority.REFRESH_MATVIEW,
                        "MATERIALIZED VIEW DATA", Section.POST_DATA, r.name)
                .namespace(r.schema)
                .owner(r.owner)
                .defn("REFRESH MATERIALIZED VIEW " + qualify(r.schema, r.name) + ";\n")
                .explicitDeps(List.of(r.id()))
                .onlyExplicitDeps(true)
                .build();
    }

    private static List<DumpObject> sequence(CatalogContext ctx, Relation r, SequenceOptions o, SequenceOwner owner,
                                             Relation table, boolean tableIncluded) throws SQLException {
        String qualified = qualify(r.schema, r.name);
        List<DumpObject> out = new ArrayList<>();
        boolean identity = owner != null && owner.identity && table != null;
        StringBuilder options = new StringBuilder();
        // An identity sequence takes its type from the column; AS would be rejected there.
        if (!"bigint".equals(o.type) && !identity) {
            options.append("    AS ").append(o.type).append('\n');
        }
        options.append("    START WITH ").append(o.start).append('\n');
        options.append("    INCREMENT BY ").append(o.increment).append('\n');
        options.append(o.min == o.defaultMin() ? "    NO MINVALUE\n" : "    MINVALUE " + o.min + "\n");
        options.append(o.max == o.defaultMax() ? "    NO MAXVALUE\n" : "    MAXVALUE " + o.max + "\n");
        options.append("    CACHE ").append(o.cache);
        if (o.cycle) {
            options.append("\n    CYCLE");
        }
        String defn;
        String drop;
        if (identity) {
            Column column = table.column(owner.column);
            defn = "ALTER TABLE " + qualify(table.schema, table.name) + " ALTER COLUMN " + quote(column.name)
                    + " ADD GENERATED " + ("a".equals(column.identity) ? "ALWAYS" : "BY DEFAULT")
                    + " AS IDENTITY (\n    SEQUENCE NAME " + qualified + "\n" + options + "\n);\n";
            if (r.persistence == 'u') {
                defn += "ALTER SEQUENCE " + qualified + " SET UNLOGGED;\n";
            }
            drop = "";
        } else {
            defn = "CREATE " + (r.persistence == 'u' ? "UNLOGGED " : "") + "SEQUENCE " + qualified + "\n"
                    + options + ";\n";
            drop = "DROP SEQUENCE " + qualified + ";\n";
        }
        DumpObject.Builder seq = DumpObject.builder(r.id(), Priority.TABLE, "SEQUENCE", Section.PRE_DATA, r.name)
                .namespace(r.schema)
                .owner(r.owner)
                .defn(defn)
                .dropStmt(drop)
                .relkind('S')
                .satellites(relationSatellites(ctx, r, "SEQUENCE"));
        if (identity) {
            seq.explicitDeps(List.of(table.id()));
        }
        out.add(seq.build());
        if (owner != null && !identity && table != null && tableIncluded) {
            Column column = table.column(owner.column);
            out.add(DumpObject.builder(CatalogId.of(CatalogId.SEQUENCE_OWNED_BY, r.oid), Priority.SEQUENCE_OWNED_BY,
                            "SEQUENCE OWNED BY", Section.PRE_DATA, r.name)
                    .namespace(r.schema)
                    .owner(r.owner)
                    .defn("ALTER SEQUENCE " + qualified + " OWNED BY " + qualify(table.schema, table.name) + "."
                            + quote(column.name) + ";\n")
                    .explicitDeps(List.of(r.id(), table.id()))
                    .onlyExplicitDeps(true)
                    .build());
        }
        if (!ctx.options().schemaOnly()) {
            String value;
            try (var st = ctx.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + qualified)) {
                rs.next();
                value = rs.getString(1) + ", " + rs.getBoolean(2);
            }
            out.add(DumpObject.builder(CatalogId.of(CatalogId.SEQUENCE_SET, r.oid), Priority.SEQUENCE_SET,
                            "SEQUENCE SET", Section.DATA, r.name)
                    .namespace(r.schema)
                    .owner(r.owner)
                    .defn("SELECT pg_catalog.setval(" + literal(qualified) + ", " + value + ");\n")
                    .explicitDeps(List.of(r.id()))
                    .onlyExplicitDeps(true)
                    .build());
        }
        return out;
    }

    /** COMMENT and ACL satellites of a relation and its columns, in pg_dump's order. */
    private static List<Satellite> relationSatellites(CatalogContext ctx, Relation r, String keyword) {
        String qualified = qualify(r.schema, r.name);
        List<Satellite> out = new ArrayList<>();
        Satellite comment = ctx.commentSatellite(r.id(), 0, keyword, qualified, quote(r.name), r.schema, r.owner);
        if (comment != null) {
            out.add(comment);
        }
        for (Column c : r.columns) {
            String text = ctx.comment(CatalogId.PG_CLASS, r.oid, c.number);
            if (text != null) {
                out.add(Satellite.comment("COLUMN " + quote(r.name) + "." + quote(c.name), r.schema, r.owner,
                        "COMMENT ON COLUMN " + qualified + "." + quote(c.name) + " IS " + literal(text) + ";\n"));
            }
        }
        // pg_dump also comments on a foreign table's CHECK constraints; left out as before the readers merged.
        List<Check> commentable = new ArrayList<>(r.kind == 'f' ? List.<Check>of() : r.checks);
        // 18's valid NOT NULL constraints are part of the table too (a NOT VALID one's comment goes with its entry).
        for (Column c : r.columns) {
            if (c.printedNotNull() && c.notNull.oid != 0) {
                String name = c.notNull.name != null ? c.notNull.name : r.name + "_" + c.name + "_not_null";
                commentable.add(new Check(c.notNull.oid, name, null));
            }
        }
        for (Check check : commentable) {
            String text = ctx.comment(CatalogId.PG_CONSTRAINT, check.oid, 0);
            if (text != null) {
                String on = quote(check.name) + " ON ";
                out.add(Satellite.comment("CONSTRAINT " + on + quote(r.name), r.schema, r.owner,
                        "COMMENT ON CONSTRAINT " + on + qualified + " IS " + literal(text) + ";\n"));
            }
        }
        if (ctx.options().noPrivileges()) {
            return out;
        }
        String aclKind = r.kind == 'S' ? "SEQUENCE" : "TABLE";
        Satellite acl = Acls.satellite(aclKind, quote(r.name), r.schema, r.owner,
                Acls.statements(aclKind, qualified, null, r.acl, r.defaultAcl, r.owner));
        if (acl != null) {
            out.add(acl);
        }
        for (Column c : r.columns) {
            String sql = Acls.statements("TABLE", qualified, quote(c.name), c.acl, "{}", r.owner);
            Satellite columnAcl = Acls.satellite("COLUMN", quote(r.name) + "." + quote(c.name), r.schema, r.owner,
                    sql);
            if (columnAcl != null) {
                out.add(columnAcl);
            }
        }
        return out;
    }

    private static final CodeNames STORAGE = CodeNames.of("pemx", "PLAIN", "EXTERNAL", "MAIN", "EXTENDED");

    private static String storageName(char storage) {
        return STORAGE.name(storage).orElseThrow(() -> new IllegalStateException("unknown attstorage " + storage));
    }

    private static final class Relation {
        long oid;
        String schema;
        String name;
        char kind;
        char persistence;
        String owner;
        String acl;
        String defaultAcl;
        String options;
        String partitionBound;
        String partitionKey;
        String accessMethod;
        String tablespace;
        long rowType;
        long pages;
        boolean populated;
        char replicaIdentity;
        String ofType;
        boolean forceRowSecurity;
        long viewRule;
        String viewDefinition;
        String server;
        String serverOptions;
        long[] parents = new long[0];
        final List<Column> columns = new ArrayList<>();
        final List<Check> checks = new ArrayList<>();

        static Relation from(ResultSet rs, CatalogContext ctx) throws SQLException {
            Relation r = new Relation();
            r.oid = rs.getLong("oid");
            r.schema = rs.getString("nspname");
            r.name = rs.getString("relname");
            r.kind = rs.getString("relkind").charAt(0);
            r.persistence = rs.getString("relpersistence").charAt(0);
            r.owner = ctx.roleName(rs.getLong("relowner"));
            r.acl = rs.getString("relacl");
            r.defaultAcl = rs.getString("defacl");
            r.options = rs.getString("reloptions");
            r.partitionBound = rs.getString("partbound");
            r.partitionKey = rs.getString("partkey");
            r.accessMethod = rs.getString("amname");
            r.tablespace = rs.getString("spcname");
            r.rowType = rs.getLong("reltype");
            r.pages = Math.max(0, rs.getLong("relpages"));
            r.populated = rs.getBoolean("relispopulated");
            r.replicaIdentity = rs.getString("relreplident").charAt(0);
            r.forceRowSecurity = rs.getBoolean("relforcerowsecurity");
            r.ofType = rs.getString("oftype");
            r.viewRule = rs.getLong("viewrule");
            r.viewDefinition = rs.getString("viewdef");
            r.server = rs.getString("srvname");
            r.serverOptions = rs.getString("ftoptions");
            String parents = rs.getString("parents");
            if (parents != null) {
                String[] parts = parents.substring(1, parents.length() - 1).split(",");
                r.parents = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    r.parents[i] = Long.parseLong(parts[i]);
                }
            }
            return r;
        }

        CatalogId id() {
            return CatalogId.of(CatalogId.PG_CLASS, oid);
        }

        Column column(int number) {
            for (Column c : columns) {
                if (c.number == number) {
                    return c;
                }
            }
            throw new IllegalStateException("column " + number + " of " + name + " not found");
        }
    }

    /** notNull is null when the column has no NOT NULL. */
    private record Column(int number, String name, String type, NotNull notNull, boolean local, String identity,
                          String generated, String defaultExpr, long defaultOid, String collation, int statTarget,
                          char storage, char typeStorage, String options, String fdwOptions, String acl) {

        static Column from(ResultSet rs, String table) throws SQLException {
            String name = rs.getString("attname");
            return new Column(rs.getInt("attnum"), name, rs.getString("typname"),
                    rs.getBoolean("attnotnull") ? NotNull.from(rs, table, name) : null, rs.getBoolean("attislocal"),
                    rs.getString("attidentity"), rs.getString("attgenerated"), rs.getString("defexpr"),
                    rs.getLong("defoid"), rs.getString("collation"), rs.getInt("stattarget"),
                    rs.getString("attstorage").charAt(0), rs.getString("typstorage").charAt(0),
                    rs.getString("attoptions"), rs.getString("fdwoptions"), rs.getString("attacl"));
        }

        /** A valid NOT NULL is part of the table's definition; a NOT VALID one is added after the data. */
        boolean printedNotNull() {
            return notNull != null && notNull.valid;
        }
    }

    /**
     * A column's NOT NULL. Before 18 only attnotnull exists: oid 0, no name, valid, inheritable, local. On 18 the
     * constraint's own facets; {@code name} is null when it is the one PostgreSQL would choose by itself
     * (table_column_not_null), as pg_dump then prints a plain NOT NULL.
     */
    private record NotNull(long oid, String name, boolean valid, boolean noInherit, boolean local) {

        static NotNull from(ResultSet rs, String table, String column) throws SQLException {
            String name = rs.getString("notnull_name");
            if (name != null && name.equals(table + "_" + column + "_not_null")) {
                name = null;
            }
            return new NotNull(rs.getLong("notnull_oid"), name, rs.getBoolean("notnull_valid"),
                    rs.getBoolean("notnull_noinherit"), rs.getBoolean("notnull_local"));
        }
    }

    private record Check(long oid, String name, String definition) {
    }

    private record SequenceOwner(long table, int column, boolean identity) {
    }

    private record SequenceOptions(String type, long start, long increment, long max, long min, long cache,
                                   boolean cycle) {

        static SequenceOptions from(ResultSet rs) throws SQLException {
            return new SequenceOptions(rs.getString("seqtype"), rs.getLong("seqstart"), rs.getLong("seqincrement"),
                    rs.getLong("seqmax"), rs.getLong("seqmin"), rs.getLong("seqcache"), rs.getBoolean("seqcycle"));
        }

        private long typeMax() {
            return switch (type) {
                case "smallint" -> Short.MAX_VALUE;
                case "integer" -> Integer.MAX_VALUE;
                default -> Long.MAX_VALUE;
            };
        }

        private long typeMin() {
            return switch (type) {
                case "smallint" -> Short.MIN_VALUE;
                case "integer" -> Integer.MIN_VALUE;
                default -> Long.MIN_VALUE;
            };
        }

        /** pg_dump prints NO MINVALUE when the bound is what CREATE SEQUENCE would pick by itself. */
        long defaultMin() {
            return increment > 0 ? 1 : typeMin();
        }

        long defaultMax() {
            return increment > 0 ? typeMax() : -1;
        }
    }
}
