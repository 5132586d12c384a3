package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.qualify;

import java.sql.SQLException;
import java.util.List;

/**
 * COLLATION entries for libc, ICU and (17+) builtin collations, printed as pg_dump prints them. Where the
 * locale lives changed between versions: ICU locales were in collcollate before 15, in colliculocale in
 * 15–16 and in colllocale from 17; ICU rules exist from 16.
 */
public final class CollationReader implements ObjectReader {

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        int version = ctx.serverVersion();
        String locale = version >= 170000 ? "c.colllocale" : version >= 150000 ? "c.colliculocale" : "NULL::text";
        String rules = version >= 160000 ? "c.collicurules" : "NULL::text";
        String sql = "SELECT c.oid, c.collname, n.nspname, c.collowner, c.collprovider, c.collisdeterministic,"
                + " c.collcollate, c.collctype, " + locale + " AS locale, " + rules + " AS rules"
                + " FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace"
                + " WHERE " + ReaderSupport.notSystemSchema("n.nspname")
                + " ORDER BY c.oid";
        return ctx.objects(sql, CatalogId.PG_COLLATION, (rs, id) -> {
            String schema = rs.getString("nspname");
            if (!ctx.includeNonTableObject(schema)) {
                return null;
            }
            String name = rs.getString("collname");
            String defn = "CREATE COLLATION " + qualify(schema, name) + " (" + options(rs.getString("collprovider"),
                    rs.getBoolean("collisdeterministic"), rs.getString("collcollate"), rs.getString("collctype"),
                    rs.getString("locale"), rs.getString("rules")) + ");\n";
            return ReaderSupport.schemaObject(ctx, id, Priority.COLLATION, "COLLATION", schema, name, "",
                    ctx.roleName(rs.getLong("collowner"))).defn(defn).build();
        });
    }

    /** The option list of CREATE COLLATION, in pg_dump's order. */
    static String options(String provider, boolean deterministic, String collate, String ctype, String locale,
                          String rules) {
        StringBuilder sb = new StringBuilder("provider = ");
        switch (provider) {
            case "b" -> sb.append("builtin");
            case "i" -> sb.append("icu");
            case "c" -> sb.append("libc");
            default -> throw new IllegalStateException("unrecognized collation provider '" + provider + "'");
        }
        if (!deterministic) {
            sb.append(", deterministic = false");
        }
        if (provider.equals("b") || provider.equals("i")) {
            // Before 15 an ICU collation kept its locale in collcollate.
            String loc = locale != null ? locale : collate;
            sb.append(", locale = ").append(literal(loc == null ? "" : loc));
            if (rules != null) {
                sb.append(", rules = ").append(literal(rules));
            }
        } else if (collate != null && collate.equals(ctype)) {
            sb.append(", locale = ").append(literal(collate));
        } else {
            sb.append(", lc_collate = ").append(literal(collate == null ? "" : collate))
                    .append(", lc_ctype = ").append(literal(ctype == null ? "" : ctype));
        }
        return sb.toString();
    }
}
