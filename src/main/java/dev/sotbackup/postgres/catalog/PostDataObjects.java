package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.sql.Identifiers;

/**
 * What the readers of objects hanging off relations (indexes, constraints, triggers, rules, policies,
 * extended statistics) share: which parent relations count, and the name shapes pg_dump uses for them.
 */
final class PostDataObjects {

    private PostDataObjects() {
    }

    /**
     * Objects on a relation are dumped exactly when the relation's definition is: -t/-T/-n/-N select it and
     * it does not belong to an extension (whose script recreates it together with its indexes and triggers).
     */
    static boolean relationDumped(CatalogContext ctx, String schema, String relation, long relationOid) {
        return ctx.includeTable(schema, relation)
                && !ctx.isExtensionMember(CatalogId.of(CatalogId.PG_CLASS, relationOid));
    }

    /** pg_dump's tag for an object named within a table: {@code "<table> <object>"}, both unquoted. */
    static String tableScopedTag(String table, String name) {
        return table + " " + name;
    }

    /**
     * COMMENT satellite for an object named within a table: {@code COMMENT ON TRIGGER t ON s.tab IS ...},
     * tag {@code TRIGGER t ON tab} (pg_dump's dumpComment with the prefix "TRIGGER t ON").
     */
    static Satellite tableScopedComment(CatalogContext ctx, CatalogId id, String kind, String name, String schema,
                                        String table, String owner) {
        return ctx.commentSatellite(id, 0, kind + " " + Identifiers.quote(name) + " ON",
                Identifiers.qualify(schema, table), Identifiers.quote(table), schema, owner);
    }

    /** {@code ALTER TABLE} or {@code ALTER FOREIGN TABLE}, as the relation needs. */
    static String alterTable(char relkind) {
        return relkind == 'f' ? "ALTER FOREIGN TABLE " : "ALTER TABLE ";
    }
}
