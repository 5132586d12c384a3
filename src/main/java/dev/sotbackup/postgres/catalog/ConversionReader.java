package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.qualify;

import java.sql.SQLException;
import java.util.List;

/** CONVERSION entries, as pg_dump's dumpConversion writes them. */
public final class ConversionReader implements ObjectReader {

    /** pg_conversion's catalog OID. */
    static final long PG_CONVERSION = 2607;

    private static final String CONVERSIONS = """
            SELECT c.oid, c.conname, n.nspname, c.conowner, c.condefault,
                   pg_catalog.pg_encoding_to_char(c.conforencoding) AS forencoding,
                   pg_catalog.pg_encoding_to_char(c.contoencoding) AS toencoding,
                   c.conproc::pg_catalog.regproc::text AS conproc
              FROM pg_catalog.pg_conversion c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
            """ + ReaderSupport.userSchemaObjects("c");

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        return ctx.objects(CONVERSIONS, PG_CONVERSION, (rs, id) -> {
            String schema = rs.getString("nspname");
            if (!ctx.includeNonTableObject(schema)) {
                return null;
            }
            String name = rs.getString("conname");
            String defn = "CREATE " + (rs.getBoolean("condefault") ? "DEFAULT " : "") + "CONVERSION "
                    + qualify(schema, name) + " FOR " + literal(rs.getString("forencoding"))
                    + " TO " + literal(rs.getString("toencoding")) + " FROM " + rs.getString("conproc") + ";\n";
            return ReaderSupport.schemaObject(ctx, id, Priority.CONVERSION, "CONVERSION", schema, name, "",
                    ctx.roleName(rs.getLong("conowner"))).defn(defn).build();
        });
    }
}
