package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FOREIGN DATA WRAPPER, SERVER and USER MAPPING entries, printed as pg_dump prints them. None of them lives in a
 * schema, so, like pg_dump, they are dumped only in a whole-database dump (no -n/-t). User mappings follow their
 * server; their options (passwords included) are part of the database and are dumped as they are readable to
 * the dumping role through pg_user_mappings.
 */
public final class ForeignDataReader implements ObjectReader {

    static final long PG_FOREIGN_DATA_WRAPPER = 2328;
    static final long PG_FOREIGN_SERVER = 1417;
    static final long PG_USER_MAPPING = 1418;

    /** SQL: {@code key 'value'} pairs of an options array, ordered by key and joined as pg_dump joins them. */
    static String optionList(String optionsExpr) {
        return "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(option_name) || ' ' ||"
                + " pg_catalog.quote_literal(option_value) FROM pg_catalog.pg_options_to_table(" + optionsExpr
                + ") ORDER BY option_name), E',\\n    ')";
    }

    /** {@code " OPTIONS (\n    k 'v'\n)"} or "" for no options. */
    static String optionsClause(String list) {
        return list == null || list.isEmpty() ? "" : " OPTIONS (\n    " + list + "\n)";
    }

    private static final String WRAPPERS = """
            SELECT w.oid, w.fdwname, w.fdwowner,
                   CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::pg_catalog.regproc::text END AS handler,
                   CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::pg_catalog.regproc::text END AS validator,
                   w.fdwacl::text AS acl, pg_catalog.acldefault('F', w.fdwowner)::text AS defacl,
                   %s AS options
              FROM pg_catalog.pg_foreign_data_wrapper w
             ORDER BY w.oid
            """.formatted(optionList("w.fdwoptions"));

    private static final String SERVERS = """
            SELECT s.oid, s.srvname, s.srvowner, s.srvfdw, w.fdwname, s.srvtype, s.srvversion,
                   s.srvacl::text AS acl, pg_catalog.acldefault('S', s.srvowner)::text AS defacl,
                   %s AS options
              FROM pg_catalog.pg_foreign_server s
              JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
             ORDER BY s.oid
            """.formatted(optionList("s.srvoptions"));

    private static final String MAPPINGS = """
            SELECT u.umid, u.srvid, u.usename, %s AS options
              FROM pg_catalog.pg_user_mappings u
             ORDER BY u.srvid, u.usename
            """.formatted(optionList("u.umoptions"));

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        CatalogOptions options = ctx.options();
        List<DumpObject> out = new ArrayList<>();
        if (options.selective()) {
            return out;
        }
        ReaderSupport.userObjects(ctx, WRAPPERS, PG_FOREIGN_DATA_WRAPPER, "fdwname", "fdwowner", (rs, wrapper) -> {
            StringBuilder sql = new StringBuilder("CREATE FOREIGN DATA WRAPPER ").append(quote(wrapper.name()));
            if (rs.getString("handler") != null) {
                sql.append(" HANDLER ").append(rs.getString("handler"));
            }
            if (rs.getString("validator") != null) {
                sql.append(" VALIDATOR ").append(rs.getString("validator"));
            }
            sql.append(optionsClause(rs.getString("options"))).append(";\n");
            out.add(wrapper.entry(ctx, Priority.FDW, "FOREIGN DATA WRAPPER", Section.PRE_DATA, sql.toString(),
                    wrapper.acl(ctx, "FOREIGN DATA WRAPPER", rs.getString("acl"), rs.getString("defacl"))));
        });
        Map<Long, ReaderSupport.Named> servers = ReaderSupport.userObjects(ctx, SERVERS, PG_FOREIGN_SERVER,
                "srvname", "srvowner", (rs, server) -> {
            StringBuilder sql = new StringBuilder("CREATE SERVER ").append(quote(server.name()));
            if (rs.getString("srvtype") != null) {
                sql.append(" TYPE ").append(literal(rs.getString("srvtype")));
            }
            if (rs.getString("srvversion") != null) {
                sql.append(" VERSION ").append(literal(rs.getString("srvversion")));
            }
            sql.append(" FOREIGN DATA WRAPPER ").append(quote(rs.getString("fdwname")))
                    .append(optionsClause(rs.getString("options"))).append(";\n");
            out.add(server.entry(ctx, Priority.FOREIGN_SERVER, "SERVER", Section.PRE_DATA, sql.toString(),
                    server.acl(ctx, "FOREIGN SERVER", rs.getString("acl"), rs.getString("defacl"))));
        });
        ctx.forEachRow(MAPPINGS, rs -> {
            long serverOid = rs.getLong("srvid");
            ReaderSupport.Named server = servers.get(serverOid);
            if (server == null) {
                return;
            }
            String user = rs.getString("usename");
            String sql = "CREATE USER MAPPING FOR " + quote(user) + " SERVER " + quote(server.name())
                    + optionsClause(rs.getString("options")) + ";\n";
            // pg_dump writes the server's owner as the entry's owner; pg_restore sets no owner for USER MAPPING.
            out.add(DumpObject.builder(CatalogId.of(PG_USER_MAPPING, rs.getLong("umid")), Priority.FOREIGN_SERVER,
                            "USER MAPPING", Section.PRE_DATA, "USER MAPPING " + user + " SERVER " + server.name())
                    .owner(server.owner())
                    .defn(sql)
                    .dropStmt("DROP USER MAPPING FOR " + quote(user) + " SERVER " + quote(server.name()) + ";\n")
                    .explicitDeps(List.of(CatalogId.of(PG_FOREIGN_SERVER, serverOid)))
                    .build());
        });
        return out;
    }
}
