package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * FOREIGN TABLE entries (relkind 'f') as pg_dump 15 prints them: columns with DEFAULT / NOT NULL / COLLATE,
 * local CHECK constraints, INHERITS, SERVER and OPTIONS; per-column SET STATISTICS / SET STORAGE / SET (...) /
 * OPTIONS afterwards; a TABLE ATTACH entry for foreign partitions of dumped partitioned tables; comments and
 * ACLs (kind TABLE). Foreign tables have no TABLE DATA.
 */
public final class ForeignTableReader implements ObjectReader {

    private static final String RELATIONS = """
            SELECT c.oid, n.nspname, c.relname, c.relowner, c.reltype,
                   c.relacl::text AS relacl, pg_catalog.acldefault('r', c.relowner)::text AS defacl,
                   CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partbound,
                   (SELECT pg_catalog.array_agg(i.inhparent ORDER BY i.inhseqno)::text
                      FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) AS parents,
                   s.srvname, %s AS ftoptions
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
              JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
             WHERE c.relkind = 'f'
             ORDER BY c.oid
            """.formatted(ForeignDataReader.optionList("ft.ftoptions"));

    /** Parent relations (any relkind) of foreign tables: names and whether they are dumped. */
    private static final String PARENTS = """
            SELECT DISTINCT p.oid, pn.nspname, p.relname
              FROM pg_catalog.pg_inherits i
              JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid AND c.relkind = 'f'
              JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
              JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
            """;

    private static final String COLUMNS = """
            SELECT a.attrelid, a.attnum, a.attname,
                   pg_catalog.format_type(a.atttypid, a.atttypmod) AS typname,
                   a.attnotnull, a.attislocal, a.attgenerated,
                   pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS defexpr, d.oid AS defoid,
                   CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN %s END AS collation,
                   COALESCE(a.attstattarget, -1)::int AS stattarget, a.attstorage, t.typstorage,
                   pg_catalog.array_to_string(a.attoptions, ', ') AS attoptions,
                   %s AS fdwoptions,
                   a.attacl::text AS attacl
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'f'
             ORDER BY a.attrelid, a.attnum
            """.formatted(ReaderSupport.collationName("a.attcollation"),
            ForeignDataReader.optionList("a.attfdwoptions"));

    private static final String CHECKS = """
            SELECT co.conrelid, co.oid, co.conname, pg_catalog.pg_get_constraintdef(co.oid) AS def
              FROM pg_catalog.pg_constraint co
              JOIN pg_catalog.pg_class c ON c.oid = co.conrelid AND c.relkind = 'f'
             WHERE co.contype = 'c' AND co.convalidated AND co.conislocal
             ORDER BY co.conrelid, co.conname
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        Map<Long, Relation> relations = new LinkedHashMap<>();
        ctx.forEachRow(RELATIONS, rs -> {
            Relation r = Relation.from(rs, ctx);
            if (PostDataObjects.relationDumped(ctx, r.schema, r.name, r.oid)) {
                relations.put(r.oid, r);
            }
        });
        if (relations.isEmpty()) {
            return List.of();
        }
        Map<Long, String[]> parents = new LinkedHashMap<>();
        ctx.forEachRow(PARENTS, rs -> parents.put(rs.getLong("oid"),
                new String[] {rs.getString("nspname"), rs.getString("relname")}));
        ctx.forEachRow(COLUMNS, rs -> {
            Relation r = relations.get(rs.getLong("attrelid"));
            if (r != null) {
                r.columns.add(Column.from(rs));
            }
        });
        ctx.forEachRow(CHECKS, rs -> {
            Relation r = relations.get(rs.getLong("conrelid"));
            if (r != null) {
                r.checks.add(new Check(rs.getLong("oid"), rs.getString("conname"), rs.getString("def")));
            }
        });
        List<DumpObject> out = new ArrayList<>();
        for (Relation r : relations.values()) {
            out.add(table(ctx, r, parents));
            if (r.partitionBound != null && r.parents.length == 1) {
                String[] parent = parents.get(r.parents[0]);
                if (parent != null && PostDataObjects.relationDumped(ctx, parent[0], parent[1], r.parents[0])) {
                    out.add(attach(r, parent, r.parents[0]));
                }
            }
        }
        return out;
    }

    private static DumpObject table(CatalogContext ctx, Relation r, Map<Long, String[]> parents) {
        String qualified = qualify(r.schema, r.name);
        boolean partition = r.partitionBound != null;
        Set<CatalogId> aliases = new HashSet<>();
        aliases.add(CatalogId.of(CatalogId.PG_TYPE, r.rowType));
        List<String> lines = new ArrayList<>();
        StringBuilder alters = new StringBuilder();
        String only = "ALTER FOREIGN TABLE ONLY " + qualified + " ALTER COLUMN ";
        for (Column c : r.columns) {
            if (c.defaultOid != 0) {
                aliases.add(CatalogId.of(CatalogId.PG_ATTRDEF, c.defaultOid));
            }
            if (!c.local && !partition) {
                // Inherited columns come from the parent; only local changes to them are printed.
                if (c.defaultExpr != null && c.generated.isEmpty()) {
                    alters.append(only).append(quote(c.name)).append(" SET DEFAULT ").append(c.defaultExpr)
                            .append(";\n");
                }
                if (c.notNull) {
                    alters.append(only).append(quote(c.name)).append(" SET NOT NULL;\n");
                }
                continue;
            }
            // pg_dump's order for foreign tables: DEFAULT / GENERATED, NOT NULL, COLLATE.
            StringBuilder line = new StringBuilder("    ").append(quote(c.name)).append(' ').append(c.type);
            if (c.defaultExpr != null) {
                if ("s".equals(c.generated)) {
                    line.append(" GENERATED ALWAYS AS (").append(c.defaultExpr).append(") STORED");
                } else {
                    line.append(" DEFAULT ").append(c.defaultExpr);
                }
            }
            if (c.notNull) {
                line.append(" NOT NULL");
            }
            if (c.collation != null) {
                line.append(" COLLATE ").append(c.collation);
            }
            lines.add(line.toString());
        }
        for (Check check : r.checks) {
            aliases.add(CatalogId.of(CatalogId.PG_CONSTRAINT, check.oid));
            lines.add("    CONSTRAINT " + quote(check.name) + " " + check.definition);
        }
        StringBuilder sql = new StringBuilder("CREATE FOREIGN TABLE ").append(qualified).append(" (\n");
        if (!lines.isEmpty()) {
            sql.append(String.join(",\n", lines)).append('\n');
        }
        sql.append(')');
        if (r.parents.length > 0 && !partition) {
            List<String> names = new ArrayList<>();
            for (long p : r.parents) {
                String[] parent = parents.get(p);
                names.add(qualify(parent[0], parent[1]));
            }
            sql.append("\nINHERITS (").append(String.join(", ", names)).append(')');
        }
        sql.append("\nSERVER ").append(quote(r.server));
        if (r.options != null && !r.options.isEmpty()) {
            sql.append("\nOPTIONS (\n    ").append(r.options).append("\n)");
        }
        sql.append(";\n");
        for (Column c : r.columns) {
            if (c.statTarget >= 0) {
                alters.append(only).append(quote(c.name)).append(" SET STATISTICS ").append(c.statTarget)
                        .append(";\n");
            }
            if (c.storage != c.typeStorage) {
                alters.append(only).append(quote(c.name)).append(" SET STORAGE ").append(storageName(c.storage))
                        .append(";\n");
            }
            if (c.options != null && !c.options.isEmpty()) {
                alters.append(only).append(quote(c.name)).append(" SET (").append(c.options).append(");\n");
            }
            if (c.fdwOptions != null && !c.fdwOptions.isEmpty()) {
                alters.append("ALTER FOREIGN TABLE ").append(qualified).append(" ALTER COLUMN ")
                        .append(quote(c.name)).append(" OPTIONS (\n    ").append(c.fdwOptions).append("\n);\n");
            }
        }
        sql.append(alters);
        return DumpObject.builder(r.id(), Priority.TABLE, "FOREIGN TABLE", Section.PRE_DATA, r.name)
                .aliases(aliases)
                .namespace(r.schema)
                .owner(r.owner)
                .defn(sql.toString())
                .dropStmt("DROP FOREIGN TABLE " + qualified + ";\n")
                .tablespace("")
                .relkind('f')
                .satellites(satellites(ctx, r))
                .build();
    }

    private static DumpObject attach(Relation child, String[] parent, long parentOid) {
        String defn = "ALTER TABLE ONLY " + qualify(parent[0], parent[1]) + " ATTACH PARTITION "
                + qualify(child.schema, child.name) + " " + child.partitionBound + ";\n";
        return DumpObject.builder(CatalogId.of(CatalogId.TABLE_ATTACH, child.oid), Priority.TABLE_ATTACH,
                        "TABLE ATTACH", Section.PRE_DATA, child.name)
                .namespace(child.schema)
                .owner(child.owner)
                .defn(defn)
                .explicitDeps(List.of(CatalogId.of(CatalogId.PG_CLASS, parentOid), child.id()))
                .onlyExplicitDeps(true)
                .build();
    }

    /** COMMENT and ACL satellites of the foreign table and its columns, in pg_dump's order. */
    private static List<Satellite> satellites(CatalogContext ctx, Relation r) {
        String qualified = qualify(r.schema, r.name);
        List<Satellite> out = CatalogContext.satellites(
                ctx.commentSatellite(r.id(), 0, "FOREIGN TABLE", qualified, quote(r.name), r.schema, r.owner));
        for (Column c : r.columns) {
            String text = ctx.comment(CatalogId.PG_CLASS, r.oid, c.number);
            if (text != null) {
                out.add(Satellite.comment("COLUMN " + quote(r.name) + "." + quote(c.name), r.schema, r.owner,
                        "COMMENT ON COLUMN " + qualified + "." + quote(c.name) + " IS " + literal(text) + ";\n"));
            }
        }
        if (ctx.options().noPrivileges()) {
            return out;
        }
        Satellite acl = Acls.satellite("TABLE", quote(r.name), r.schema, r.owner,
                Acls.statements("TABLE", qualified, null, r.acl, r.defaultAcl, r.owner));
        if (acl != null) {
            out.add(acl);
        }
        for (Column c : r.columns) {
            Satellite columnAcl = Acls.satellite("COLUMN", quote(r.name) + "." + quote(c.name), r.schema, r.owner,
                    Acls.statements("TABLE", qualified, quote(c.name), c.acl, "{}", r.owner));
            if (columnAcl != null) {
                out.add(columnAcl);
            }
        }
        return out;
    }

    private static String storageName(char storage) {
        return switch (storage) {
            case 'p' -> "PLAIN";
            case 'e' -> "EXTERNAL";
            case 'm' -> "MAIN";
            case 'x' -> "EXTENDED";
            default -> throw new IllegalStateException("unknown attstorage " + storage);
        };
    }

    private static final class Relation {
        long oid;
        String schema;
        String name;
        String owner;
        long rowType;
        String acl;
        String defaultAcl;
        String partitionBound;
        long[] parents = new long[0];
        String server;
        String options;
        final List<Column> columns = new ArrayList<>();
        final List<Check> checks = new ArrayList<>();

        static Relation from(ResultSet rs, CatalogContext ctx) throws SQLException {
            Relation r = new Relation();
            r.oid = rs.getLong("oid");
            r.schema = rs.getString("nspname");
            r.name = rs.getString("relname");
            r.owner = ctx.roleName(rs.getLong("relowner"));
            r.rowType = rs.getLong("reltype");
            r.acl = rs.getString("relacl");
            r.defaultAcl = rs.getString("defacl");
            r.partitionBound = rs.getString("partbound");
            r.server = rs.getString("srvname");
            r.options = rs.getString("ftoptions");
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
    }

    private record Column(int number, String name, String type, boolean notNull, boolean local, String generated,
                          String defaultExpr, long defaultOid, String collation, int statTarget, char storage,
                          char typeStorage, String options, String fdwOptions, String acl) {

        static Column from(ResultSet rs) throws SQLException {
            return new Column(rs.getInt("attnum"), rs.getString("attname"), rs.getString("typname"),
                    rs.getBoolean("attnotnull"), rs.getBoolean("attislocal"), rs.getString("attgenerated"),
                    rs.getString("defexpr"), rs.getLong("defoid"), rs.getString("collation"),
                    rs.getInt("stattarget"), rs.getString("attstorage").charAt(0),
                    rs.getString("typstorage").charAt(0), rs.getString("attoptions"), rs.getString("fdwoptions"),
                    rs.getString("attacl"));
        }
    }

    private record Check(long oid, String name, String definition) {
    }
}
