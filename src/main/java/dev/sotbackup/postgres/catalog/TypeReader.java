package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * User-defined types as pg_dump prints them: enums, composite types (pg_class relkind 'c'), ranges,
 * domains and shell types. Table row types, array types and multirange types are created implicitly with
 * their owner and are never dumped; they become aliases of it so that pg_depend rows naming them point here.
 * Domain CHECK constraints are printed inside CREATE DOMAIN, except NOT VALID ones, which (as in pg_dump)
 * become separate CHECK CONSTRAINT entries in post-data.
 */
public final class TypeReader implements ObjectReader {

    private static final String TYPES = """
            SELECT t.oid, t.typname, n.nspname, t.typowner, t.typtype, t.typarray, t.typrelid,
                   t.typacl::text AS typacl, pg_catalog.acldefault('T', t.typowner)::text AS defacl
              FROM pg_catalog.pg_type t
              JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
               AND (t.typtype IN ('e', 'r', 'd')
                    OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                                                     WHERE c.oid = t.typrelid AND c.relkind = 'c'))
                    OR (t.typtype = 'p' AND NOT t.typisdefined))
             ORDER BY t.oid
            """;

    private static final String ENUM_LABELS =
            "SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = ? ORDER BY enumsortorder";

    private static final String ATTRIBUTES = """
            SELECT a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS typname,
                   CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                        THEN %s END AS collation
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
             WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum
            """.formatted(ReaderSupport.collationName("a.attcollation"));

    private static final String DOMAIN = """
            SELECT pg_catalog.format_type(t.typbasetype, t.typtypmod) AS basetype, t.typnotnull,
                   COALESCE(pg_catalog.pg_get_expr(t.typdefaultbin, 'pg_catalog.pg_type'::pg_catalog.regclass),
                            t.typdefault) AS typdefault,
                   CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation
                        THEN %s END AS collation
              FROM pg_catalog.pg_type t
              JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
             WHERE t.oid = ?
            """.formatted(ReaderSupport.collationName("t.typcollation"));

    private static final String DOMAIN_CONSTRAINTS = """
            SELECT oid, conname, contype, convalidated, pg_catalog.pg_get_constraintdef(oid) AS condef
              FROM pg_catalog.pg_constraint
             WHERE contypid = ?
             ORDER BY conname
            """;

    /** Which of these columns exist is version-dependent; see {@link #rangeQuery}. */
    private static final String RANGE = """
            SELECT pg_catalog.format_type(r.rngsubtype, NULL) AS subtype, %s,
                   opc.opcdefault,
                   pg_catalog.quote_ident(opn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) AS opclass,
                   CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation
                        THEN %s END AS collation,
                   CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::pg_catalog.regproc::text END AS canonical,
                   CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::pg_catalog.regproc::text END AS subdiff
              FROM pg_catalog.pg_range r
              JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype
              JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc
              JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace
             WHERE r.rngtypid = ?
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<TypeRow> rows = new ArrayList<>();
        ctx.forEachRow(TYPES, rs -> {
            CatalogId id = CatalogId.of(CatalogId.PG_TYPE, rs.getLong("oid"));
            String schema = rs.getString("nspname");
            if (ctx.includeSchemaObject(id, schema)) {
                rows.add(new TypeRow(id, rs.getString("typname"), schema, ctx.roleName(rs.getLong("typowner")),
                        rs.getString("typtype").charAt(0), rs.getLong("typarray"), rs.getLong("typrelid"),
                        rs.getString("typacl"), rs.getString("defacl")));
            }
        });
        List<DumpObject> out = new ArrayList<>();
        for (TypeRow t : rows) {
            switch (t.typtype) {
                case 'e' -> out.add(enumType(ctx, t));
                case 'c' -> out.add(compositeType(ctx, t));
                case 'r' -> out.add(rangeType(ctx, t));
                case 'd' -> domain(ctx, t, out);
                case 'p' -> out.add(typeObject(ctx, t, "CREATE TYPE " + t.qualified() + ";\n", Set.of(), List.of()));
                default -> throw new IllegalStateException("unexpected typtype " + t.typtype);
            }
        }
        return out;
    }

    private record TypeRow(CatalogId id, String name, String schema, String owner, char typtype, long array,
                           long relid, String acl, String defaultAcl) {
        String qualified() {
            return qualify(schema, name);
        }
    }

    private DumpObject enumType(CatalogContext ctx, TypeRow t) throws SQLException {
        StringBuilder defn = new StringBuilder("CREATE TYPE ").append(t.qualified()).append(" AS ENUM (");
        List<String> labels = new ArrayList<>();
        ctx.forEachRow(ENUM_LABELS, rs -> labels.add(rs.getString(1)), t.id.oid());
        for (int i = 0; i < labels.size(); i++) {
            defn.append(i == 0 ? "\n    " : ",\n    ").append(literal(labels.get(i)));
        }
        defn.append("\n);\n");
        return typeObject(ctx, t, defn.toString(), Set.of(), List.of());
    }

    private DumpObject compositeType(CatalogContext ctx, TypeRow t) throws SQLException {
        StringBuilder defn = new StringBuilder("CREATE TYPE ").append(t.qualified()).append(" AS (");
        List<Satellite> columnComments = new ArrayList<>();
        CatalogId relation = CatalogId.of(CatalogId.PG_CLASS, t.relid);
        boolean[] first = {true};
        ctx.forEachRow(ATTRIBUTES, rs -> {
            String column = quote(rs.getString("attname"));
            defn.append(first[0] ? "\n\t" : ",\n\t").append(column).append(' ').append(rs.getString("typname"));
            if (rs.getString("collation") != null) {
                defn.append(" COLLATE ").append(rs.getString("collation"));
            }
            first[0] = false;
            Satellite comment = ctx.commentSatellite(relation, rs.getInt("attnum"), "COLUMN",
                    t.qualified() + "." + column, quote(t.name) + "." + column, t.schema, t.owner);
            if (comment != null) {
                columnComments.add(comment);
            }
        }, t.relid);
        defn.append("\n);\n");
        return typeObject(ctx, t, defn.toString(), Set.of(relation), columnComments);
    }

    private DumpObject rangeType(CatalogContext ctx, TypeRow t) throws SQLException {
        String sql = rangeQuery(ctx.serverVersion());
        StringBuilder defn = new StringBuilder("CREATE TYPE ").append(t.qualified()).append(" AS RANGE (");
        Set<CatalogId> aliases = new HashSet<>();
        boolean multirange = ctx.serverVersion() >= 140000;
        ctx.forEachRow(sql, rs -> {
            defn.append("\n    subtype = ").append(rs.getString("subtype"));
            if (multirange) {
                defn.append(",\n    multirange_type_name = ").append(rs.getString("multirange"));
                aliases.add(CatalogId.of(CatalogId.PG_TYPE, rs.getLong("multioid")));
                if (rs.getLong("multiarray") != 0) {
                    aliases.add(CatalogId.of(CatalogId.PG_TYPE, rs.getLong("multiarray")));
                }
            }
            if (!rs.getBoolean("opcdefault")) {
                defn.append(",\n    subtype_opclass = ").append(rs.getString("opclass"));
            }
            if (rs.getString("collation") != null) {
                defn.append(",\n    collation = ").append(rs.getString("collation"));
            }
            if (rs.getString("canonical") != null) {
                defn.append(",\n    canonical = ").append(rs.getString("canonical"));
            }
            if (rs.getString("subdiff") != null) {
                defn.append(",\n    subtype_diff = ").append(rs.getString("subdiff"));
            }
        }, t.id.oid());
        defn.append("\n);\n");
        return typeObject(ctx, t, defn.toString(), aliases, List.of());
    }

    /** Multirange types (and so their columns in pg_range) exist from 14. */
    private static String rangeQuery(int serverVersion) {
        String multi = serverVersion >= 140000
                ? "pg_catalog.format_type(r.rngmultitypid, NULL) AS multirange, r.rngmultitypid AS multioid,"
                  + " (SELECT m.typarray FROM pg_catalog.pg_type m WHERE m.oid = r.rngmultitypid) AS multiarray"
                : "NULL AS multirange";
        return RANGE.formatted(multi, ReaderSupport.collationName("r.rngcollation"));
    }

    private void domain(CatalogContext ctx, TypeRow t, List<DumpObject> out) throws SQLException {
        StringBuilder defn = new StringBuilder("CREATE DOMAIN ").append(t.qualified()).append(" AS ");
        ctx.forEachRow(DOMAIN, rs -> {
            defn.append(rs.getString("basetype"));
            if (rs.getString("collation") != null) {
                defn.append(" COLLATE ").append(rs.getString("collation"));
            }
            if (rs.getBoolean("typnotnull")) {
                defn.append(" NOT NULL");
            }
            if (rs.getString("typdefault") != null) {
                defn.append(" DEFAULT ").append(rs.getString("typdefault"));
            }
        }, t.id.oid());

        Set<CatalogId> aliases = new HashSet<>();
        List<Satellite> constraintComments = new ArrayList<>();
        List<DumpObject> notValid = new ArrayList<>();
        ctx.forEachRow(DOMAIN_CONSTRAINTS, rs -> {
            CatalogId conId = CatalogId.of(CatalogId.PG_CONSTRAINT, rs.getLong("oid"));
            String conname = quote(rs.getString("conname"));
            String kind = "CONSTRAINT " + conname + " ON DOMAIN";
            Satellite comment = ctx.commentSatellite(conId, 0, kind, t.qualified(), quote(t.name), t.schema,
                    t.owner);
            if (!"c".equals(rs.getString("contype"))) {
                // 17+ records the domain's NOT NULL as a constraint too; typnotnull printed it already.
                aliases.add(conId);
                if (comment != null) {
                    constraintComments.add(comment);
                }
            } else if (rs.getBoolean("convalidated")) {
                aliases.add(conId);
                defn.append("\n\tCONSTRAINT ").append(conname).append(' ').append(rs.getString("condef"));
                if (comment != null) {
                    constraintComments.add(comment);
                }
            } else {
                notValid.add(notValidCheck(t, conId, rs.getString("conname"), rs.getString("condef"), comment));
            }
        }, t.id.oid());
        defn.append(";\n");

        List<Satellite> satellites = new ArrayList<>();
        satellites.add(ctx.commentSatellite(t.id, 0, "DOMAIN", t.qualified(), quote(t.name), t.schema, t.owner));
        satellites.addAll(constraintComments);
        satellites.add(Acls.satellite("TYPE", quote(t.name), t.schema, t.owner,
                ReaderSupport.acl(ctx, "TYPE", t.qualified(), t.acl, t.defaultAcl, t.owner)));
        satellites.removeIf(s -> s == null);
        out.add(DumpObject.builder(t.id, Priority.TYPE, "DOMAIN", Section.PRE_DATA, t.name)
                .aliases(withArray(t, aliases))
                .namespace(t.schema)
                .owner(t.owner)
                .defn(defn.toString())
                .dropStmt("DROP DOMAIN " + t.qualified() + ";\n")
                .satellites(satellites)
                .build());
        out.addAll(notValid);
    }

    private static DumpObject notValidCheck(TypeRow t, CatalogId conId, String conname, String condef,
                                            Satellite comment) {
        return DumpObject.builder(conId, Priority.CONSTRAINT, "CHECK CONSTRAINT", Section.POST_DATA,
                        t.name + " " + conname)
                .namespace(t.schema)
                .owner(t.owner)
                .defn("ALTER DOMAIN " + t.qualified() + "\n    ADD CONSTRAINT " + quote(conname) + " " + condef
                        + ";\n")
                .dropStmt("ALTER DOMAIN " + t.qualified() + " DROP CONSTRAINT " + quote(conname) + ";\n")
                .explicitDeps(List.of(t.id))
                .satellites(CatalogContext.satellites(comment))
                .build();
    }

    private DumpObject typeObject(CatalogContext ctx, TypeRow t, String defn, Set<CatalogId> aliases,
                                  List<Satellite> trailingComments) {
        List<Satellite> satellites = new ArrayList<>(CatalogContext.satellites(
                ctx.commentSatellite(t.id, 0, "TYPE", t.qualified(), quote(t.name), t.schema, t.owner),
                Acls.satellite("TYPE", quote(t.name), t.schema, t.owner,
                        ReaderSupport.acl(ctx, "TYPE", t.qualified(), t.acl, t.defaultAcl, t.owner))));
        satellites.addAll(trailingComments);
        return DumpObject.builder(t.id, Priority.TYPE, "TYPE", Section.PRE_DATA, t.name)
                .aliases(withArray(t, aliases))
                .namespace(t.schema)
                .owner(t.owner)
                .defn(defn)
                .dropStmt("DROP TYPE " + t.qualified() + ";\n")
                .satellites(satellites)
                .build();
    }

    private static Set<CatalogId> withArray(TypeRow t, Set<CatalogId> aliases) {
        Set<CatalogId> all = new HashSet<>(aliases);
        if (t.array != 0) {
            all.add(CatalogId.of(CatalogId.PG_TYPE, t.array));
        }
        return all;
    }
}
