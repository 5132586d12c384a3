package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
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
             WHERE c.oid >= %d AND %s
             ORDER BY c.oid
            """.formatted(ReaderSupport.FIRST_NORMAL_OBJECT_ID, ReaderSupport.notSystemSchema("n.nspname"));

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<DumpObject> out = new ArrayList<>();
        ctx.forEachRow(CONVERSIONS, rs -> {
            CatalogId id = CatalogId.of(PG_CONVERSION, rs.getLong("oid"));
            String schema = rs.getString("nspname");
            if (!ctx.includeNonTableObject(schema) || ctx.isExtensionMember(id)) {
                return;
            }
            String name = rs.getString("conname");
            String qualified = qualify(schema, name);
            String owner = ctx.roleName(rs.getLong("conowner"));
            String defn = "CREATE " + (rs.getBoolean("condefault") ? "DEFAULT " : "") + "CONVERSION " + qualified
                    + " FOR " + literal(rs.getString("forencoding")) + " TO " + literal(rs.getString("toencoding"))
                    + " FROM " + rs.getString("conproc") + ";\n";
            out.add(DumpObject.builder(id, Priority.CONVERSION, "CONVERSION", Section.PRE_DATA, name)
                    .namespace(schema)
                    .owner(owner)
                    .defn(defn)
                    .dropStmt("DROP CONVERSION " + qualified + ";\n")
                    .satellites(CatalogContext.satellites(
                            ctx.commentSatellite(id, 0, "CONVERSION", qualified, quote(name), schema, owner)))
                    .build());
        });
        return out;
    }
}
