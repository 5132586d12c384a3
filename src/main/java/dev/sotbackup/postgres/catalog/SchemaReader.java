package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SCHEMA entries. The public schema is special, as in pg_dump 15+: initdb creates it, so its definition is
 * only a comment carrying the owner, and it is left out entirely when still owned by pg_database_owner (the
 * 15+ default); its comment and privileges are dumped either way, the privileges compared with the initial
 * ones recorded in pg_init_privs rather than with acldefault (before 15: PUBLIC's are restated, see read).
 */
public final class SchemaReader implements ObjectReader {

    private static final String SCHEMAS = """
            SELECT n.oid, n.nspname, n.nspowner, n.nspacl::text AS nspacl,
                   (CASE WHEN n.nspname = 'public' AND %s THEN pg_catalog.acldefault('n', n.nspowner)
                         ELSE COALESCE(ip.initprivs, pg_catalog.acldefault('n', n.nspowner)) END)::text AS baseline
              FROM pg_catalog.pg_namespace n
              LEFT JOIN pg_catalog.pg_init_privs ip
                ON ip.objoid = n.oid AND ip.objsubid = 0
               AND ip.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
             ORDER BY n.oid
            """;

    /** initdb's comment on the public schema; pg_dump leaves it out. */
    private static final String DEFAULT_PUBLIC_COMMENT = "standard public schema";

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<DumpObject> out = new ArrayList<>();
        // Before 15 initdb let PUBLIC create in schema public; 15+ lets it only use it. A dump of an older server
        // cannot know which of the two the target starts from, so it revokes whatever PUBLIC has and grants what
        // PUBLIC had at the source: a restore into any major then ends with the source's privileges.
        boolean before15 = ctx.serverVersion() < 150000;
        ctx.forEachRow(SCHEMAS.formatted(before15), rs -> {
            CatalogId id = CatalogId.of(CatalogId.PG_NAMESPACE, rs.getLong("oid"));
            String name = rs.getString("nspname");
            if (!ctx.includeNonTableObject(name) || ctx.isExtensionMember(id)) {
                return;
            }
            String owner = ctx.roleName(rs.getLong("nspowner"));
            String qname = quote(name);
            String aclSql = ReaderSupport.acl(ctx, "SCHEMA", qname, rs.getString("nspacl"),
                    rs.getString("baseline"), owner);
            if (before15 && name.equals("public") && !ctx.options().noPrivileges()) {
                aclSql = "REVOKE ALL ON SCHEMA public FROM PUBLIC;\n" + (aclSql == null ? "" : aclSql);
            }
            Satellite acl = Acls.satellite("SCHEMA", qname, null, owner, aclSql);
            if (!name.equals("public")) {
                out.add(new ReaderSupport.Named(id, name, owner).entry(ctx, Priority.NAMESPACE, "SCHEMA",
                        Section.PRE_DATA, "CREATE SCHEMA " + qname + ";\n", acl));
                return;
            }
            Satellite comment = publicComment(ctx, id, owner);
            if ("pg_database_owner".equals(owner)) {
                if (comment != null) {
                    out.add(ReaderSupport.standalone(comment, Priority.NAMESPACE));
                }
                if (acl != null) {
                    out.add(ReaderSupport.standalone(acl, Priority.NAMESPACE));
                }
                return;
            }
            out.add(DumpObject.builder(id, Priority.NAMESPACE, "SCHEMA", Section.PRE_DATA, name)
                    .owner(owner)
                    .defn("-- *not* creating schema, since initdb creates it\n")
                    .dropStmt("-- *not* dropping schema, since initdb creates it\n")
                    .satellites(CatalogContext.satellites(comment, acl))
                    .build());
        });
        return out;
    }

    /**
     * pg_dump omits initdb's comment on public and, when the comment was removed, writes an empty one so that
     * a restore into a fresh database removes initdb's comment too.
     */
    private static Satellite publicComment(CatalogContext ctx, CatalogId id, String owner) {
        String text = ctx.comment(id.classOid(), id.oid(), 0);
        if (DEFAULT_PUBLIC_COMMENT.equals(text)) {
            return null;
        }
        String defn = "COMMENT ON SCHEMA public IS " + literal(text == null ? "" : text) + ";\n";
        return Satellite.comment("SCHEMA public", null, owner, defn);
    }
}
