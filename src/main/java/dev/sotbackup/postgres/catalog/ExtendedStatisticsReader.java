package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code STATISTICS} entries for extended statistics objects (CREATE STATISTICS): {@code
 * pg_get_statisticsobjdef;} plus ALTER STATISTICS ... SET STATISTICS when a target was set.
 */
public final class ExtendedStatisticsReader implements ObjectReader {

    private static final String STATISTICS = """
            SELECT s.oid, s.stxname, sn.nspname, s.stxowner, s.stxrelid, tn.nspname AS tableschema, t.relname,
                   pg_catalog.pg_get_statisticsobjdef(s.oid) AS def,
                   %s AS stattarget
              FROM pg_catalog.pg_statistic_ext s
              JOIN pg_catalog.pg_namespace sn ON sn.oid = s.stxnamespace
              JOIN pg_catalog.pg_class t ON t.oid = s.stxrelid
              JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
             ORDER BY sn.nspname, s.stxname
            """;

    /**
     * The column arrived in 13 (int4, -1 = default) and became a nullable int2 in 17 (NULL = default); 12 has
     * no per-object target at all.
     */
    private static String statTargetColumn(int serverVersion) {
        return serverVersion >= 130000 ? "s.stxstattarget::int4" : "NULL::int4";
    }

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<DumpObject> objects = new ArrayList<>();
        ctx.forEachRow(STATISTICS.formatted(statTargetColumn(ctx.serverVersion())), rs -> {
            long oid = rs.getLong("oid");
            String schema = rs.getString("nspname");
            CatalogId id = CatalogId.of(CatalogId.PG_STATISTIC_EXT, oid);
            // Selected with its table (it is meaningless without it) and by its own schema, like other objects.
            if (!PostDataObjects.relationDumped(ctx, rs.getString("tableschema"), rs.getString("relname"),
                    rs.getLong("stxrelid")) || !ctx.includeSchema(schema) || ctx.isExtensionMember(id)) {
                return;
            }
            String name = rs.getString("stxname");
            String qualified = qualify(schema, name);
            String owner = ctx.roleName(rs.getLong("stxowner"));
            StringBuilder defn = new StringBuilder(rs.getString("def")).append(";\n");
            int target = rs.getInt("stattarget");
            if (!rs.wasNull() && target >= 0) {
                defn.append("ALTER STATISTICS ").append(qualified).append(" SET STATISTICS ").append(target)
                        .append(";\n");
            }
            objects.add(DumpObject.builder(id, Priority.STATISTICS_EXT, "STATISTICS", Section.POST_DATA, name)
                    .namespace(schema)
                    .owner(owner)
                    .defn(defn.toString())
                    .dropStmt("DROP STATISTICS " + qualified + ";\n")
                    .satellites(CatalogContext.satellites(ctx.commentSatellite(id, 0, "STATISTICS", qualified,
                            quote(name), schema, owner)))
                    .build());
        });
        return objects;
    }
}
