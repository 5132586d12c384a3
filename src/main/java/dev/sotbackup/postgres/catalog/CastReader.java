package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.List;

/**
 * CAST entries for user-defined casts (pg_cast rows created after initdb), as pg_dump's dumpCast writes them:
 * no schema and no owner, tag {@code CAST (source AS target)}, and only in a dump of the whole database.
 */
public final class CastReader implements ObjectReader {

    private static final String CASTS = """
            SELECT c.oid, pg_catalog.format_type(c.castsource, NULL) AS source,
                   pg_catalog.format_type(c.casttarget, NULL) AS target,
                   c.castfunc, c.castcontext, c.castmethod, p.proname, pn.nspname AS funcnsp,
                   (SELECT pg_catalog.string_agg(pg_catalog.format_type(u.t, NULL), ', ' ORDER BY u.i)
                      FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS u(t, i)) AS argtypes
              FROM pg_catalog.pg_cast c
              LEFT JOIN pg_catalog.pg_proc p ON p.oid = c.castfunc
              LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
             WHERE c.oid >= %d
               -- casts that CREATE TYPE makes by itself (range -> multirange) come back with their type
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                WHERE d.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass
                                  AND d.objid = c.oid AND d.deptype = 'i')
             ORDER BY c.oid
            """.formatted(ReaderSupport.FIRST_NORMAL_OBJECT_ID);

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        return ctx.databaseObjects(CASTS, CatalogId.PG_CAST, (rs, id) -> {
            String args = "(" + rs.getString("source") + " AS " + rs.getString("target") + ")";
            StringBuilder defn = new StringBuilder("CREATE CAST ").append(args).append(' ');
            switch (rs.getString("castmethod")) {
                case "b" -> defn.append("WITHOUT FUNCTION");
                case "i" -> defn.append("WITH INOUT");
                case "f" -> {
                    if (rs.getString("proname") == null) {
                        throw new SQLException("could not find function definition for function with OID "
                                + rs.getLong("castfunc"));
                    }
                    String argTypes = rs.getString("argtypes");
                    defn.append("WITH FUNCTION ").append(quote(rs.getString("funcnsp"))).append('.')
                            .append(quote(rs.getString("proname")))
                            .append('(').append(argTypes == null ? "" : argTypes).append(')');
                }
                default -> throw new SQLException("bogus value in pg_cast.castmethod field");
            }
            switch (rs.getString("castcontext")) {
                case "a" -> defn.append(" AS ASSIGNMENT");
                case "i" -> defn.append(" AS IMPLICIT");
                default -> { }
            }
            defn.append(";\n");
            return DumpObject.builder(id, Priority.CAST, "CAST", Section.PRE_DATA, "CAST " + args)
                    .defn(defn.toString())
                    .dropStmt("DROP CAST " + args + ";\n")
                    .satellites(CatalogContext.satellites(
                            ctx.commentSatellite(id, 0, "CAST", args, args, null, "")))
                    .build();
        });
    }
}
