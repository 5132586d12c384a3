package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Large objects in the shape pg_dump 16 and earlier write (which every pg_restore 13–18 reads): one BLOB
 * entry per large object recreating it empty, with its owner, comment and privileges, and a single BLOBS
 * data entry whose contents the dump engine streams.
 */
public final class LargeObjectReader implements ObjectReader {

    /** The data table marker the dump engine recognises: a {@link TableRef} named BLOBS with OID 0. */
    public static final String BLOBS = "BLOBS";

    private static final String LARGE_OBJECTS = """
            SELECT oid, lomowner, lomacl::text AS lomacl, pg_catalog.acldefault('L', lomowner)::text AS defacl
              FROM pg_catalog.pg_largeobject_metadata
             ORDER BY oid
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<DumpObject> out = new ArrayList<>();
        if (!ctx.options().includeLargeObjects() || ctx.options().schemaOnly()) {
            return out;
        }
        ctx.forEachRow(LARGE_OBJECTS, rs -> {
            long oid = rs.getLong("oid");
            CatalogId id = CatalogId.of(CatalogId.PG_LARGEOBJECT_METADATA, oid);
            String tag = Long.toString(oid);
            String owner = ctx.roleName(rs.getLong("lomowner"));
            Satellite acl = Acls.satellite("LARGE OBJECT", tag, null, owner,
                    ReaderSupport.acl(ctx, "LARGE OBJECT", tag, rs.getString("lomacl"), rs.getString("defacl"),
                            owner));
            out.add(DumpObject.builder(id, Priority.LARGE_OBJECT, "BLOB", Section.PRE_DATA, tag)
                    .owner(owner)
                    .defn("SELECT pg_catalog.lo_create('" + tag + "');\n")
                    .dropStmt("SELECT pg_catalog.lo_unlink('" + tag + "');\n")
                    .satellites(CatalogContext.satellites(
                            ctx.commentSatellite(id, 0, "LARGE OBJECT", tag, tag, null, owner), acl))
                    .build());
        });
        if (!out.isEmpty()) {
            out.add(DumpObject.builder(ReaderSupport.NIL, Priority.LARGE_OBJECT_DATA, BLOBS, Section.DATA, BLOBS)
                    .dataTable(new TableRef(0, null, BLOBS, List.of(), null, 0, false))
                    .onlyExplicitDeps(true)
                    .build());
        }
        return out;
    }
}
