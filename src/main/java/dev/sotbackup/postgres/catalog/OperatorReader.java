package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OPERATOR, OPERATOR FAMILY and OPERATOR CLASS entries, printed as pg_dump's dumpOpr, dumpOpfamily and
 * dumpOpclass print them. Operator members (pg_amop) and support functions (pg_amproc) have no entries of their
 * own: the ones pg_depend ties to an operator class are printed inside its CREATE OPERATOR CLASS and become its
 * aliases; the "loose" ones tied to the family are added by an ALTER OPERATOR FAMILY in the family's entry and
 * become the family's aliases. So the pg_depend edges from a member to its operator or function order the class
 * or family after them.
 */
public final class OperatorReader implements ObjectReader {

    static final long PG_AMOP = 2602;
    static final long PG_AMPROC = 2603;
    static final long PG_OPCLASS = 2616;
    static final long PG_OPFAMILY = 2753;

    private static final String OPERATORS = """
            SELECT o.oid, o.oprname, n.nspname, o.oprowner, o.oprkind,
                   o.oprcode::pg_catalog.regprocedure::text AS oprcode,
                   o.oprleft::pg_catalog.regtype::text AS oprleft,
                   o.oprright::pg_catalog.regtype::text AS oprright,
                   cn.nspname AS comnsp, c.oprname AS comname,
                   nn.nspname AS negnsp, ng.oprname AS negname,
                   o.oprrest::pg_catalog.regprocedure::text AS oprrest,
                   o.oprjoin::pg_catalog.regprocedure::text AS oprjoin,
                   o.oprcanmerge, o.oprcanhash
              FROM pg_catalog.pg_operator o
              JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
              LEFT JOIN pg_catalog.pg_operator c ON c.oid = o.oprcom
              LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.oprnamespace
              LEFT JOIN pg_catalog.pg_operator ng ON ng.oid = o.oprnegate
              LEFT JOIN pg_catalog.pg_namespace nn ON nn.oid = ng.oprnamespace
             WHERE o.oid >= %d AND o.oprcode <> 0 AND %s
             ORDER BY o.oid
            """.formatted(ReaderSupport.FIRST_NORMAL_OBJECT_ID, ReaderSupport.notSystemSchema("n.nspname"));

    private static final String FAMILIES = """
            SELECT f.oid, f.opfname, n.nspname, f.opfowner, am.amname
              FROM pg_catalog.pg_opfamily f
              JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace
              JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
            """ + ReaderSupport.userSchemaObjects("f");

    private static final String CLASSES = """
            SELECT c.oid, c.opcname, n.nspname, c.opcowner, c.opcdefault, c.opcfamily,
                   c.opcintype::pg_catalog.regtype::text AS opcintype,
                   c.opckeytype::pg_catalog.regtype::text AS opckeytype,
                   f.opfname, fn.nspname AS opfnsp, am.amname
              FROM pg_catalog.pg_opclass c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace
              JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
              LEFT JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily
              LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace
            """ + ReaderSupport.userSchemaObjects("c");

    /** Members of an opclass (refclass pg_opclass) or loose members of a family (refclass pg_opfamily). */
    private static final String MEMBER_OPERATORS = """
            SELECT ao.oid, ao.amopstrategy, ao.amopopr::pg_catalog.regoperator::text AS amopopr,
                   sf.opfname AS sortfamily, sn.nspname AS sortfamilynsp
              FROM pg_catalog.pg_amop ao
              JOIN pg_catalog.pg_depend d
                ON d.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass AND d.objid = ao.oid
              LEFT JOIN pg_catalog.pg_opfamily sf ON sf.oid = ao.amopsortfamily
              LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = sf.opfnamespace
             WHERE d.refclassid = ? AND d.refobjid = ? AND ao.amopfamily = ?
             ORDER BY ao.amopstrategy, ao.oid
            """;

    private static final String MEMBER_FUNCTIONS = """
            SELECT ap.oid, ap.amprocnum, ap.amproc::pg_catalog.regprocedure::text AS amproc,
                   ap.amproclefttype::pg_catalog.regtype::text AS lefttype,
                   ap.amprocrighttype::pg_catalog.regtype::text AS righttype
              FROM pg_catalog.pg_amproc ap
              JOIN pg_catalog.pg_depend d
                ON d.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass AND d.objid = ap.oid
             WHERE d.refclassid = ? AND d.refobjid = ?
             ORDER BY ap.amprocnum, ap.oid
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<DumpObject> out = new ArrayList<>();
        readOperators(ctx, out);
        List<Row> families = new ArrayList<>();
        ctx.forEachRow(FAMILIES, rs -> families.add(new Row(CatalogId.of(PG_OPFAMILY, rs.getLong("oid")),
                rs.getString("opfname"), rs.getString("nspname"), ctx.roleName(rs.getLong("opfowner")),
                rs.getString("amname"), 0, false, null, null, null, null)));
        for (Row f : families) {
            if (ctx.includeSchemaObject(f.id, f.schema)) {
                out.add(family(ctx, f));
            }
        }
        List<Row> classes = new ArrayList<>();
        ctx.forEachRow(CLASSES, rs -> classes.add(new Row(CatalogId.of(PG_OPCLASS, rs.getLong("oid")),
                rs.getString("opcname"), rs.getString("nspname"), ctx.roleName(rs.getLong("opcowner")),
                rs.getString("amname"), rs.getLong("opcfamily"), rs.getBoolean("opcdefault"),
                rs.getString("opcintype"), rs.getString("opckeytype"),
                rs.getString("opfname") == null ? "" : qualify(rs.getString("opfnsp"), rs.getString("opfname")),
                null)));
        for (Row c : classes) {
            if (ctx.includeSchemaObject(c.id, c.schema)) {
                out.add(opclass(ctx, c));
            }
        }
        return out;
    }

    private static void readOperators(CatalogContext ctx, List<DumpObject> out) throws SQLException {
        ctx.forEachRow(OPERATORS, rs -> {
            CatalogId id = CatalogId.of(CatalogId.PG_OPERATOR, rs.getLong("oid"));
            String schema = rs.getString("nspname");
            if (!ctx.includeSchemaObject(id, schema)) {
                return;
            }
            String name = rs.getString("oprname");
            String kind = rs.getString("oprkind");
            String owner = ctx.roleName(rs.getLong("oprowner"));
            StringBuilder details = new StringBuilder();
            String code = regProcName(rs.getString("oprcode"));
            if (code != null) {
                details.append("    FUNCTION = ").append(code);
            }
            StringBuilder oprid = new StringBuilder(name).append(" (");
            if (kind.equals("r") || kind.equals("b")) {
                details.append(",\n    LEFTARG = ").append(rs.getString("oprleft"));
                oprid.append(rs.getString("oprleft"));
            } else {
                oprid.append("NONE");
            }
            if (kind.equals("l") || kind.equals("b")) {
                details.append(",\n    RIGHTARG = ").append(rs.getString("oprright"));
                oprid.append(", ").append(rs.getString("oprright")).append(')');
            } else {
                oprid.append(", NONE)");
            }
            if (rs.getString("comname") != null) {
                details.append(",\n    COMMUTATOR = OPERATOR(").append(quote(rs.getString("comnsp"))).append('.')
                        .append(rs.getString("comname")).append(')');
            }
            if (rs.getString("negname") != null) {
                details.append(",\n    NEGATOR = OPERATOR(").append(quote(rs.getString("negnsp"))).append('.')
                        .append(rs.getString("negname")).append(')');
            }
            if (rs.getBoolean("oprcanmerge")) {
                details.append(",\n    MERGES");
            }
            if (rs.getBoolean("oprcanhash")) {
                details.append(",\n    HASHES");
            }
            String rest = regProcName(rs.getString("oprrest"));
            if (rest != null) {
                details.append(",\n    RESTRICT = ").append(rest);
            }
            String join = regProcName(rs.getString("oprjoin"));
            if (join != null) {
                details.append(",\n    JOIN = ").append(join);
            }
            String qschema = quote(schema);
            String defn = "CREATE OPERATOR " + qschema + "." + name + " (\n" + details + "\n);\n";
            out.add(DumpObject.builder(id, Priority.OPERATOR, "OPERATOR", Section.PRE_DATA, name)
                    .namespace(schema)
                    .owner(owner)
                    .defn(defn)
                    .dropStmt("DROP OPERATOR " + qschema + "." + oprid + ";\n")
                    .satellites(CatalogContext.satellites(ctx.commentSatellite(id, 0, "OPERATOR",
                            qschema + "." + oprid, oprid.toString(), schema, owner)))
                    .build());
        });
    }

    /** One family or class row; the class-only fields are unused for families. */
    private record Row(CatalogId id, String name, String schema, String owner, String am, long family,
                       boolean isDefault, String inType, String keyType, String familyName, String unused) {
        String qualified() {
            return qualify(schema, name);
        }

        /** The family's or class's entry; both are named {@code <name> USING <am>} in DROP and COMMENT. */
        DumpObject entry(CatalogContext ctx, String desc, String using, Set<CatalogId> aliases, String defn) {
            return ReaderSupport.schemaObject(ctx, id, Priority.OPFAMILY, desc, schema, name, using, owner)
                    .aliases(aliases)
                    .defn(defn)
                    .build();
        }
    }

    private static DumpObject family(CatalogContext ctx, Row f) throws SQLException {
        Set<CatalogId> aliases = new HashSet<>();
        List<String> items = new ArrayList<>();
        memberOperators(ctx, PG_OPFAMILY, f.id.oid(), f.id.oid(), items, aliases);
        ctx.forEachRow(MEMBER_FUNCTIONS, rs -> {
            aliases.add(CatalogId.of(PG_AMPROC, rs.getLong("oid")));
            items.add("FUNCTION " + rs.getInt("amprocnum") + " (" + rs.getString("lefttype") + ", "
                    + rs.getString("righttype") + ") " + rs.getString("amproc"));
        }, PG_OPFAMILY, f.id.oid());
        String using = " USING " + quote(f.am);
        StringBuilder defn = new StringBuilder("CREATE OPERATOR FAMILY ").append(f.qualified()).append(using)
                .append(";\n");
        if (!items.isEmpty()) {
            defn.append("ALTER OPERATOR FAMILY ").append(f.qualified()).append(using).append(" ADD\n    ")
                    .append(String.join(" ,\n    ", items)).append(";\n");
        }
        return f.entry(ctx, "OPERATOR FAMILY", using, aliases, defn.toString());
    }

    private static DumpObject opclass(CatalogContext ctx, Row c) throws SQLException {
        Set<CatalogId> aliases = new HashSet<>();
        List<String> items = new ArrayList<>();
        if (!"-".equals(c.keyType)) {
            items.add("STORAGE " + c.keyType);
        }
        memberOperators(ctx, PG_OPCLASS, c.id.oid(), c.family, items, aliases);
        ctx.forEachRow(MEMBER_FUNCTIONS, rs -> {
            aliases.add(CatalogId.of(PG_AMPROC, rs.getLong("oid")));
            String left = rs.getString("lefttype");
            String right = rs.getString("righttype");
            items.add("FUNCTION " + rs.getInt("amprocnum")
                    + (left != null && !left.isEmpty() && right != null && !right.isEmpty()
                    ? " (" + left + ", " + right + ")" : "")
                    + " " + rs.getString("amproc"));
        }, PG_OPCLASS, c.id.oid());
        if (items.isEmpty()) {
            // pg_dump's dummy clause so that AS is followed by something; DefineOpClass treats it as a no-op.
            items.add("STORAGE " + c.inType);
        }
        String using = " USING " + quote(c.am);
        StringBuilder defn = new StringBuilder("CREATE OPERATOR CLASS ").append(c.qualified()).append("\n    ");
        if (c.isDefault) {
            defn.append("DEFAULT ");
        }
        defn.append("FOR TYPE ").append(c.inType).append(using);
        if (!c.familyName.isEmpty()) {
            defn.append(" FAMILY ").append(c.familyName);
        }
        defn.append(" AS\n    ").append(String.join(" ,\n    ", items)).append(";\n");
        return c.entry(ctx, "OPERATOR CLASS", using, aliases, defn.toString());
    }

    private static void memberOperators(CatalogContext ctx, long refClass, long refOid, long family,
                                        List<String> items, Set<CatalogId> aliases) throws SQLException {
        ctx.forEachRow(MEMBER_OPERATORS, rs -> {
            aliases.add(CatalogId.of(PG_AMOP, rs.getLong("oid")));
            String item = "OPERATOR " + rs.getInt("amopstrategy") + " " + rs.getString("amopopr");
            if (rs.getString("sortfamily") != null) {
                item += " FOR ORDER BY " + qualify(rs.getString("sortfamilynsp"), rs.getString("sortfamily"));
            }
            items.add(item);
        }, refClass, refOid, family);
    }

    /** pg_dump's convertRegProcReference: regprocedure output without its argument list; null for "-". */
    static String regProcName(String regprocedure) {
        if (regprocedure == null || regprocedure.equals("-")) {
            return null;
        }
        boolean inQuote = false;
        for (int i = 0; i < regprocedure.length(); i++) {
            char ch = regprocedure.charAt(i);
            if (ch == '(' && !inQuote) {
                return regprocedure.substring(0, i);
            }
            if (ch == '"') {
                inQuote = !inQuote;
            }
        }
        return regprocedure;
    }
}
