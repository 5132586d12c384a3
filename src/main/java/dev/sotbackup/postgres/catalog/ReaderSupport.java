package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Small pieces the non-table readers share. */
final class ReaderSupport {

    /**
     * pg_dump writes entries that stand for no catalog row (BLOBS, DATABASE PROPERTIES, a comment whose parent
     * is not dumped) with catalog id 0/0; nothing in pg_depend can match it.
     */
    static final CatalogId NIL = CatalogId.of(0, 0);

    /** FirstNormalObjectId: objects below it were created by initdb. */
    static final long FIRST_NORMAL_OBJECT_ID = 16384;

    /** SQL fragment: the qualified, quoted name of collation {@code oidExpr}, or NULL. */
    static String collationName(String oidExpr) {
        return "(SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)"
                + " FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
                + " WHERE co.oid = " + oidExpr + ")";
    }

    /**
     * SQL condition: {@code oidExpr} (a row of catalog {@code catalog}) is neither an extension member ('e') nor
     * an internal part of another object ('i', e.g. a range type's constructor functions), both of which are
     * created by their owner and never dumped on their own.
     */
    static String notMemberOrInternal(String catalog, String oidExpr) {
        return "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dx WHERE dx.classid = 'pg_catalog." + catalog
                + "'::pg_catalog.regclass AND dx.objid = " + oidExpr + " AND dx.deptype IN ('e', 'i'))";
    }

    /**
     * SQL: the WHERE and ORDER BY of a query of schema objects aliased {@code alias}, their schema joined as
     * {@code n}: the ones created after initdb outside the system schemas, in oid order.
     */
    static String userSchemaObjects(String alias) {
        return " WHERE " + alias + ".oid >= " + FIRST_NORMAL_OBJECT_ID + " AND " + notSystemSchema("n.nspname")
                + " ORDER BY " + alias + ".oid";
    }

    /** SQL condition: schema {@code nspExpr} is not a system schema (cheap pre-filter; Java filters again). */
    static String notSystemSchema(String nspExpr) {
        return nspExpr + " !~ '^pg_' AND " + nspExpr + " <> 'information_schema'";
    }

    /** ACL statements unless -x was given. */
    static String acl(CatalogContext ctx, String kind, String target, String acl, String defaultAcl, String owner) {
        if (ctx.options().noPrivileges()) {
            return null;
        }
        return Acls.statements(kind, target, null, acl, defaultAcl, owner);
    }

    /**
     * Whether a database-wide object (foreign-data wrapper, server, publication) is the user's: created after
     * initdb and not by an extension.
     */
    static boolean userObject(CatalogContext ctx, CatalogId id) {
        return id.oid() >= FIRST_NORMAL_OBJECT_ID && !ctx.isExtensionMember(id);
    }

    /** A database-wide object's identity, name and owner. */
    record Named(CatalogId id, String name, String owner) {

        /**
         * Its entry as pg_dump writes every object outside schemas: owned, dropped by {@code DROP <desc> <name>},
         * with the {@code COMMENT ON <desc> <name>} it may have and {@code acl} (null for none), the name quoted.
         */
        DumpObject entry(CatalogContext ctx, Priority priority, String desc, Section section, String defn,
                         Satellite acl) {
            String qname = quote(name);
            return DumpObject.builder(id, priority, desc, section, name)
                    .owner(owner)
                    .defn(defn)
                    .dropStmt("DROP " + desc + " " + qname + ";\n")
                    .satellites(CatalogContext.satellites(
                            ctx.commentSatellite(id, 0, desc, qname, qname, null, owner), acl))
                    .build();
        }

        /** Its ACL satellite ({@link ReaderSupport#acl}) as GRANT/REVOKE ON {@code kind}, or null. */
        Satellite acl(CatalogContext ctx, String kind, String acl, String defaultAcl) {
            String qname = quote(name);
            return Acls.satellite(kind, qname, null, owner, ReaderSupport.acl(ctx, kind, qname, acl, defaultAcl,
                    owner));
        }
    }

    @FunctionalInterface
    interface NamedRowHandler {
        void accept(ResultSet rs, Named object) throws SQLException;
    }

    /**
     * Runs {@code sql} over database-wide objects of catalog {@code catalog}, hands each row that is the user's
     * ({@link #userObject}) to {@code row}, and returns those objects by oid, for the entries that refer to them.
     */
    static Map<Long, Named> userObjects(CatalogContext ctx, String sql, long catalog, String nameColumn,
                                        String ownerColumn, NamedRowHandler row) throws SQLException {
        Map<Long, Named> byOid = new HashMap<>();
        ctx.forEachRow(sql, rs -> {
            CatalogId id = CatalogId.of(catalog, rs.getLong("oid"));
            if (userObject(ctx, id)) {
                Named object = new Named(id, rs.getString(nameColumn), ctx.roleName(rs.getLong(ownerColumn)));
                byOid.put(id.oid(), object);
                row.accept(rs, object);
            }
        });
        return byOid;
    }

    /**
     * The pre-data entry pg_dump writes for most schema objects, without its defn: owned, dropped by
     * {@code DROP <desc> <schema>.<name><suffix>;} and commented on by {@code COMMENT ON <desc> …} with the same
     * name. The suffix is empty except for operator families and classes ({@code USING <am>}).
     */
    static DumpObject.Builder schemaObject(CatalogContext ctx, CatalogId id, Priority priority, String desc,
                                           String schema, String name, String suffix, String owner) {
        String qualified = qualify(schema, name) + suffix;
        return DumpObject.builder(id, priority, desc, Section.PRE_DATA, name)
                .namespace(schema)
                .owner(owner)
                .dropStmt("DROP " + desc + " " + qualified + ";\n")
                .satellites(CatalogContext.satellites(
                        ctx.commentSatellite(id, 0, desc, qualified, quote(name) + suffix, schema, owner)));
    }

    /**
     * A COMMENT or ACL that has to stand on its own because its parent is not dumped (the public schema owned
     * by pg_database_owner), as pg_dump writes it.
     */
    static DumpObject standalone(Satellite s, Priority priority) {
        return DumpObject.builder(NIL, priority, s.desc(), Section.NONE, s.tag())
                .namespace(s.namespace()).owner(s.owner()).defn(s.defn()).build();
    }

    private ReaderSupport() {
    }
}
