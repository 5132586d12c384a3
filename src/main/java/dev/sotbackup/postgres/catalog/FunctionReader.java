package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FUNCTION, PROCEDURE and AGGREGATE entries. Function and procedure bodies come from pg_get_functiondef,
 * which already prints every attribute (SET clauses, SUPPORT, TRANSFORM, SQL-standard bodies, …); its
 * {@code CREATE OR REPLACE} becomes pg_dump's plain {@code CREATE}. Aggregates are assembled from
 * pg_aggregate the way pg_dump does. Names follow pg_dump: the tag lists argument types only
 * ({@code f(integer, text)}); DROP, COMMENT and GRANT use pg_get_function_identity_arguments.
 */
public final class FunctionReader implements ObjectReader {

    private static final String ARG_TYPES = """
            (SELECT pg_catalog.string_agg(pg_catalog.format_type(u.t, NULL), ', ' ORDER BY u.i)
               FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS u(t, i)) AS argtypes""";

    private static final String FUNCTIONS = """
            SELECT p.oid, p.proname, n.nspname, p.proowner, p.prokind,
                   p.proacl::text AS proacl, pg_catalog.acldefault('f', p.proowner)::text AS defacl,
                   pg_catalog.pg_get_function_identity_arguments(p.oid) AS iargs, %s,
                   pg_catalog.pg_get_functiondef(p.oid) AS def
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
             WHERE p.prokind IN ('f', 'p', 'w') AND %s AND %s
             ORDER BY p.oid
            """.formatted(ARG_TYPES, ReaderSupport.notSystemSchema("n.nspname"),
            ReaderSupport.notMemberOrInternal("pg_proc", "p.oid"));

    private static final String AGGREGATES = """
            SELECT p.oid, p.proname, n.nspname, p.proowner, p.pronargs, p.proparallel,
                   p.proacl::text AS proacl, pg_catalog.acldefault('f', p.proowner)::text AS defacl,
                   pg_catalog.pg_get_function_identity_arguments(p.oid) AS iargs,
                   pg_catalog.pg_get_function_arguments(p.oid) AS fullargs, %s,
                   a.aggkind, a.aggtransfn::pg_catalog.regproc::text AS transfn,
                   pg_catalog.format_type(a.aggtranstype, NULL) AS transtype, a.aggtransspace, a.agginitval,
                   a.aggfinalfn::pg_catalog.regproc::text AS finalfn, a.aggfinalextra, a.aggfinalmodify,
                   a.aggcombinefn::pg_catalog.regproc::text AS combinefn,
                   a.aggserialfn::pg_catalog.regproc::text AS serialfn,
                   a.aggdeserialfn::pg_catalog.regproc::text AS deserialfn,
                   a.aggmtransfn::pg_catalog.regproc::text AS mtransfn,
                   a.aggminvtransfn::pg_catalog.regproc::text AS minvtransfn,
                   pg_catalog.format_type(a.aggmtranstype, NULL) AS mtranstype, a.aggmtransspace, a.aggminitval,
                   a.aggmfinalfn::pg_catalog.regproc::text AS mfinalfn, a.aggmfinalextra, a.aggmfinalmodify,
                   (SELECT 'OPERATOR(' || pg_catalog.quote_ident(opn.nspname) || '.' || o.oprname || ')'
                      FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace opn ON opn.oid = o.oprnamespace
                     WHERE o.oid = a.aggsortop) AS sortop
              FROM pg_catalog.pg_aggregate a
              JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
             WHERE %s AND %s
             ORDER BY p.oid
            """.formatted(ARG_TYPES, ReaderSupport.notSystemSchema("n.nspname"),
            ReaderSupport.notMemberOrInternal("pg_proc", "p.oid"));

    private static final String CREATE_OR_REPLACE = "CREATE OR REPLACE ";

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<DumpObject> out = new ArrayList<>();
        ctx.forEachRow(FUNCTIONS, rs -> {
            Names names = names(ctx, rs, false);
            if (names == null) {
                return;
            }
            String kind = "p".equals(rs.getString("prokind")) ? "PROCEDURE" : "FUNCTION";
            String def = rs.getString("def");
            if (def.startsWith(CREATE_OR_REPLACE)) {
                def = "CREATE " + def.substring(CREATE_OR_REPLACE.length());
            }
            // pg_get_functiondef ends with a newline but no semicolon.
            def = def.endsWith("\n") ? def.substring(0, def.length() - 1) : def;
            out.add(object(ctx, rs, names, kind, kind, Priority.FUNCTION, def + ";\n"));
        });
        ctx.forEachRow(AGGREGATES, rs -> {
            Names names = names(ctx, rs, true);
            if (names == null) {
                return;
            }
            String fullArgs = rs.getInt("pronargs") == 0 ? "*" : rs.getString("fullargs");
            String defn = "CREATE AGGREGATE " + qualify(names.schema, names.name) + "(" + fullArgs + ") (\n"
                    + aggregateDetails(rs) + "\n);\n";
            out.add(object(ctx, rs, names, "AGGREGATE", "FUNCTION", Priority.AGGREGATE, defn));
        });
        return out;
    }

    /** The identities of one routine, or null when it is not dumped. */
    private record Names(CatalogId id, String name, String schema, String owner, String tag, String signature) {
    }

    private static Names names(CatalogContext ctx, ResultSet rs, boolean aggregate) throws SQLException {
        CatalogId id = CatalogId.of(CatalogId.PG_PROC, rs.getLong("oid"));
        String schema = rs.getString("nspname");
        if (!ctx.includeSchemaObject(id, schema)) {
            return null;
        }
        String name = rs.getString("proname");
        String argTypes = rs.getString("argtypes");
        String identityArgs = rs.getString("iargs");
        if (aggregate && (argTypes == null || argTypes.isEmpty())) {
            // An aggregate without arguments is written name(*).
            argTypes = "*";
            identityArgs = "*";
        }
        String tag = name + "(" + (argTypes == null ? "" : argTypes) + ")";
        String signature = "(" + identityArgs + ")";
        return new Names(id, name, schema, ctx.roleName(rs.getLong("proowner")), tag, signature);
    }

    private static DumpObject object(CatalogContext ctx, ResultSet rs, Names n, String desc, String aclKind,
                                     Priority priority, String defn) throws SQLException {
        String qualified = qualify(n.schema, n.name) + n.signature;
        String tagName = quote(n.name) + n.signature;
        Satellite comment = ctx.commentSatellite(n.id, 0, desc, qualified, tagName, n.schema, n.owner);
        Satellite acl = Acls.satellite(aclKind, tagName, n.schema, n.owner, ReaderSupport.acl(ctx, aclKind,
                qualified, rs.getString("proacl"), rs.getString("defacl"), n.owner));
        return DumpObject.builder(n.id, priority, desc, Section.PRE_DATA, n.tag)
                .namespace(n.schema)
                .owner(n.owner)
                .defn(defn)
                .dropStmt("DROP " + desc + " " + qualified + ";\n")
                .satellites(CatalogContext.satellites(comment, acl))
                .build();
    }

    /**
     * SSPACE, INITCOND and FINALFUNC with its flags, for the plain ({@code prefix} "") or the moving-aggregate
     * ("M") transition state: the same options under M-prefixed names, read from m-prefixed columns.
     */
    private static void stateOptions(StringBuilder d, ResultSet rs, String prefix, String defaultModify)
            throws SQLException {
        String m = prefix.toLowerCase(Locale.ROOT);
        if (rs.getInt("agg" + m + "transspace") != 0) {
            d.append(",\n    ").append(prefix).append("SSPACE = ").append(rs.getInt("agg" + m + "transspace"));
        }
        if (rs.getString("agg" + m + "initval") != null) {
            d.append(",\n    ").append(prefix).append("INITCOND = ")
                    .append(literal(rs.getString("agg" + m + "initval")));
        }
        if (isSet(rs.getString(m + "finalfn"))) {
            d.append(",\n    ").append(prefix).append("FINALFUNC = ").append(rs.getString(m + "finalfn"));
            if (rs.getBoolean("agg" + m + "finalextra")) {
                d.append(",\n    ").append(prefix).append("FINALFUNC_EXTRA");
            }
            String finalModify = rs.getString("agg" + m + "finalmodify");
            if (!defaultModify.equals(finalModify)) {
                d.append(",\n    ").append(prefix).append("FINALFUNC_MODIFY = ").append(modify(finalModify));
            }
        }
    }

    /** The option list of CREATE AGGREGATE in pg_dump's order and with its defaults left out. */
    private static String aggregateDetails(ResultSet rs) throws SQLException {
        String aggkind = rs.getString("aggkind");
        // Ordinary aggregates default to READ_ONLY final functions, ordered-set ones to READ_WRITE.
        String defaultModify = "n".equals(aggkind) ? "r" : "w";
        StringBuilder d = new StringBuilder();
        d.append("    SFUNC = ").append(rs.getString("transfn"))
                .append(",\n    STYPE = ").append(rs.getString("transtype"));
        stateOptions(d, rs, "", defaultModify);
        if (isSet(rs.getString("combinefn"))) {
            d.append(",\n    COMBINEFUNC = ").append(rs.getString("combinefn"));
        }
        if (isSet(rs.getString("serialfn"))) {
            d.append(",\n    SERIALFUNC = ").append(rs.getString("serialfn"));
        }
        if (isSet(rs.getString("deserialfn"))) {
            d.append(",\n    DESERIALFUNC = ").append(rs.getString("deserialfn"));
        }
        if (isSet(rs.getString("mtransfn"))) {
            d.append(",\n    MSFUNC = ").append(rs.getString("mtransfn"))
                    .append(",\n    MINVFUNC = ").append(rs.getString("minvtransfn"))
                    .append(",\n    MSTYPE = ").append(rs.getString("mtranstype"));
        }
        stateOptions(d, rs, "M", defaultModify);
        if (rs.getString("sortop") != null) {
            d.append(",\n    SORTOP = ").append(rs.getString("sortop"));
        }
        if ("h".equals(aggkind)) {
            d.append(",\n    HYPOTHETICAL");
        }
        String parallel = rs.getString("proparallel");
        if ("s".equals(parallel)) {
            d.append(",\n    PARALLEL = safe");
        } else if ("r".equals(parallel)) {
            d.append(",\n    PARALLEL = restricted");
        }
        return d.toString();
    }

    /** regproc prints "-" for "no function". */
    private static boolean isSet(String regproc) {
        return regproc != null && !regproc.equals("-");
    }

    private static String modify(String code) {
        return switch (code) {
            case "r" -> "READ_ONLY";
            case "s" -> "SHAREABLE";
            case "w" -> "READ_WRITE";
            default -> throw new IllegalStateException("unknown aggregate finalfunc modify code '" + code + "'");
        };
    }
}
