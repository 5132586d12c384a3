package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.List;

/**
 * EXTENSION entries ({@code CREATE EXTENSION IF NOT EXISTS x WITH SCHEMA s}). Like pg_dump, extensions are
 * dumped only when no -n/-t selection is made, never the ones initdb installed (plpgsql), and without an
 * owner or version: the restore installs the target's default version as the restoring user.
 */
public final class ExtensionReader implements ObjectReader {

    private static final String EXTENSIONS = """
            SELECT x.oid, x.extname, n.nspname
              FROM pg_catalog.pg_extension x
              JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
             ORDER BY x.oid
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        return ctx.databaseObjects(EXTENSIONS, CatalogId.PG_EXTENSION, (rs, id) -> {
            if (id.oid() < ReaderSupport.FIRST_NORMAL_OBJECT_ID) {
                return null;
            }
            String name = rs.getString("extname");
            String defn = "CREATE EXTENSION IF NOT EXISTS " + quote(name) + " WITH SCHEMA "
                    + quote(rs.getString("nspname")) + ";\n";
            // Extensions have no owner in the archive, nor on their COMMENT.
            return new ReaderSupport.Named(id, name, null).entry(ctx, Priority.EXTENSION, "EXTENSION",
                    Section.PRE_DATA, defn, null);
        });
    }
}
