package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Table constraints that pg_dump adds after the data: {@code FK CONSTRAINT} for foreign keys,
 * {@code CHECK CONSTRAINT} for CHECK constraints marked NOT VALID (validated ones are part of CREATE TABLE) and,
 * on 18+, {@code CONSTRAINT} for NOT NULL constraints marked NOT VALID (their rows may hold nulls, so the column
 * is created nullable).
 */
public final class ForeignKeyReader implements ObjectReader {

    /**
     * Foreign keys declared on the table itself (conparentid = 0): the copies PostgreSQL makes on partitions
     * and for each partition of a referenced partitioned table come back when the declared one is added.
     * NOT VALID checks and not-null constraints: only local ones; inherited ones come with their parent's.
     */
    private static final String CONSTRAINTS = """
            SELECT c.oid, c.conname, c.contype, c.conrelid, n.nspname, t.relname, t.relkind, t.relowner,
                   pg_catalog.pg_get_constraintdef(c.oid) AS condef,
                   (WITH RECURSIVE parts(oid) AS (
                        SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.conindid
                        UNION ALL
                        SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN parts p ON i.inhparent = p.oid)
                    SELECT pg_catalog.array_agg(oid)::text FROM parts) AS attached_indexes
              FROM pg_catalog.pg_constraint c
              JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
             WHERE (c.contype = 'f' AND c.conparentid = 0)
                OR (c.contype IN ('c', 'n') AND NOT c.convalidated AND c.conislocal)
             ORDER BY n.nspname, t.relname, c.conname
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        return PostDataObjects.objects(ctx, CONSTRAINTS, CatalogId.PG_CONSTRAINT, "conname", "conrelid",
                (rs, constraint) -> {
            String conname = constraint.name();
            char relkind = rs.getString("relkind").charAt(0);
            String contype = rs.getString("contype");
            boolean foreignKey = contype.equals("f");
            // Foreign keys: ONLY except on partitioned tables, where the key must reach every partition.
            // Checks: never ONLY, so that inheritance children get the constraint too (pg_dump does the same).
            String alter = PostDataObjects.alterTable(relkind)
                    + (foreignKey && relkind != 'p' ? "ONLY " : "") + constraint.qualifiedTable();
            // A key referencing a partitioned table needs that table's unique index valid, i.e. every partition's
            // index attached first (pg_dump's addConstrChildIdxDeps); INDEX ATTACH entries are (0, index oid).
            List<CatalogId> attachDeps = new ArrayList<>();
            String attached = rs.getString("attached_indexes");
            if (foreignKey && attached != null) {
                for (String indexOid : attached.substring(1, attached.length() - 1).split(",")) {
                    attachDeps.add(CatalogId.of(0, Long.parseLong(indexOid)));
                }
            }
            return DumpObject.builder(constraint.id(), foreignKey ? Priority.FK_CONSTRAINT : Priority.CONSTRAINT,
                            switch (contype) {
                                case "f" -> "FK CONSTRAINT";
                                case "c" -> "CHECK CONSTRAINT";
                                default -> "CONSTRAINT";
                            }, Section.POST_DATA,
                            PostDataObjects.tableScopedTag(constraint.table(), conname))
                    .namespace(constraint.schema())
                    .owner(constraint.owner())
                    .defn(alter + "\n    ADD CONSTRAINT " + quote(conname) + " " + rs.getString("condef") + ";\n")
                    .dropStmt(alter + " DROP CONSTRAINT " + quote(conname) + ";\n")
                    .explicitDeps(attachDeps)
                    .satellites(CatalogContext.satellites(PostDataObjects.tableScopedComment(ctx, constraint.id(),
                            "CONSTRAINT", conname, constraint.schema(), constraint.table(), constraint.owner())))
                    .build();
        });
    }
}
