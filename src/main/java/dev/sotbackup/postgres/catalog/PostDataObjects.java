package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.postgres.toc.Section;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

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

    /**
     * {@link CatalogContext#objects} for objects named within a table (rules, policies, triggers, constraints):
     * only rows whose relation is dumped reach the mapper.
     */
    static List<DumpObject> objects(CatalogContext ctx, String sql, long classOid, String nameColumn,
                                    String relationColumn, TableScopedMapper mapper) throws SQLException {
        return ctx.objects(sql, classOid, (rs, id) -> {
            TableScoped object = TableScoped.ofRow(ctx, rs, id, nameColumn, relationColumn);
            return object == null ? null : mapper.map(rs, object);
        });
    }

    @FunctionalInterface
    interface TableScopedMapper {
        DumpObject map(ResultSet rs, TableScoped object) throws SQLException;
    }

    /**
     * One row of a reader of objects named within a table (rule, policy, trigger, constraint): the object, its
     * table, and the table's owner, who owns the object too.
     */
    record TableScoped(CatalogId id, String name, String schema, String table, String owner) {

        /**
         * The row's object {@code id} when its relation is dumped, else null. Every such query selects nspname,
         * relname and relowner; only the name and relation columns differ.
         */
        static TableScoped ofRow(CatalogContext ctx, ResultSet rs, CatalogId id, String nameColumn,
                                 String relationColumn) throws SQLException {
            String schema = rs.getString("nspname");
            String table = rs.getString("relname");
            if (!relationDumped(ctx, schema, table, rs.getLong(relationColumn))) {
                return null;
            }
            return new TableScoped(id, rs.getString(nameColumn), schema, table,
                    ctx.roleName(rs.getLong("relowner")));
        }

        String qualifiedTable() {
            return Identifiers.qualify(schema, table);
        }

        /**
         * pg_dump's entry for a rule, policy or trigger: tag {@code "<table> <name>"}, dropped by
         * {@code DROP <kind> name ON table}, commented on as {@code <kind> name ON table}.
         */
        DumpObject entry(CatalogContext ctx, Priority priority, String kind, String defn) {
            return DumpObject.builder(id, priority, kind, Section.POST_DATA, tableScopedTag(table, name))
                    .namespace(schema)
                    .owner(owner)
                    .defn(defn)
                    .dropStmt("DROP " + kind + " " + Identifiers.quote(name) + " ON " + qualifiedTable() + ";\n")
                    .satellites(CatalogContext.satellites(
                            tableScopedComment(ctx, id, kind, name, schema, table, owner)))
                    .build();
        }
    }
}
