package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.List;

/**
 * ACCESS METHOD entries for user-created access methods, as pg_dump's dumpAccessMethod writes them: no schema,
 * no owner (the COMMENT carries an empty owner), and only in a dump of the whole database.
 */
public final class AccessMethodReader implements ObjectReader {

    /** pg_am's catalog OID. */
    static final long PG_AM = 2601;

    private static final String ACCESS_METHODS = """
            SELECT a.oid, a.amname, a.amtype, a.amhandler::pg_catalog.regproc::text AS amhandler
              FROM pg_catalog.pg_am a
             WHERE a.oid >= %d
             ORDER BY a.oid
            """.formatted(ReaderSupport.FIRST_NORMAL_OBJECT_ID);

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        return ctx.databaseObjects(ACCESS_METHODS, PG_AM, (rs, id) -> {
            String name = rs.getString("amname");
            String qname = quote(name);
            String type = switch (rs.getString("amtype")) {
                case "i" -> "INDEX";
                case "t" -> "TABLE";
                default -> null;
            };
            if (type == null) {
                // pg_dump warns about an unknown amtype and skips the access method.
                return null;
            }
            String defn = "CREATE ACCESS METHOD " + qname + " TYPE " + type + " HANDLER "
                    + rs.getString("amhandler") + ";\n";
            return DumpObject.builder(id, Priority.ACCESS_METHOD, "ACCESS METHOD", Section.PRE_DATA, name)
                    .defn(defn)
                    .dropStmt("DROP ACCESS METHOD " + qname + ";\n")
                    .satellites(CatalogContext.satellites(
                            ctx.commentSatellite(id, 0, "ACCESS METHOD", qname, qname, null, "")))
                    .build();
        });
    }
}
