package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.quote;

import java.sql.SQLException;
import java.util.List;

/**
 * {@code TRIGGER} entries: user triggers ({@code pg_get_triggerdef(oid, false)}, never pretty-printed, which
 * could under-parenthesize WHEN clauses), followed, as in pg_dump, by an ALTER TABLE when the trigger is not
 * plainly enabled. Triggers PostgreSQL cloned onto partitions from a partitioned table's trigger come back
 * with the parent's; they get an entry only when their enabled state differs from the parent's, and then
 * the entry is just that ALTER TABLE.
 */
public final class TriggerReader implements ObjectReader {

    /**
     * The parent trigger is tgparentid from 13 on; 12 records it only as a partition dependency in pg_depend
     * (and marks the clone tgisinternal).
     */
    private static final String TRIGGERS = """
            SELECT t.oid, t.tgname, t.tgrelid, t.tgenabled, t.tgisinternal,
                   n.nspname, c.relname, c.relkind, c.relowner,
                   pg_catalog.pg_get_triggerdef(t.oid, false) AS tgdef,
                   p.tgenabled AS parentenabled
              FROM (SELECT t.*, %s AS parentoid FROM pg_catalog.pg_trigger t) t
              JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_catalog.pg_trigger p ON p.oid = t.parentoid
             WHERE (p.oid IS NULL AND NOT t.tgisinternal)
                OR (p.oid IS NOT NULL AND t.tgenabled <> p.tgenabled)
             ORDER BY n.nspname, c.relname, t.tgname
            """;

    private static final String PARENT_13 = "t.tgparentid";
    private static final String PARENT_12 = """
            (SELECT d.refobjid FROM pg_catalog.pg_depend d
              WHERE d.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND d.objid = t.oid
                AND d.refclassid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND d.deptype = 'P'
              LIMIT 1)""";

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        String sql = TRIGGERS.formatted(ctx.serverVersion() >= 130000 ? PARENT_13 : PARENT_12);
        return PostDataObjects.objects(ctx, sql, CatalogId.PG_TRIGGER, "tgname", "tgrelid", (rs, trigger) -> {
            char enabled = rs.getString("tgenabled").charAt(0);
            boolean partitionClone = rs.getString("parentenabled") != null;
            String alter = PostDataObjects.alterTable(rs.getString("relkind").charAt(0)) + trigger.qualifiedTable()
                    + " ";
            StringBuilder defn = new StringBuilder();
            if (partitionClone) {
                defn.append('\n').append(alter).append(enableKeyword(enabled)).append(" TRIGGER ")
                        .append(quote(trigger.name())).append(";\n");
            } else {
                defn.append(rs.getString("tgdef")).append(";\n");
                if (enabled != 'O' && enabled != 't') {
                    defn.append('\n').append(alter).append(enableKeyword(enabled)).append(" TRIGGER ")
                            .append(quote(trigger.name())).append(";\n");
                }
            }
            return trigger.entry(ctx, Priority.TRIGGER, "TRIGGER", defn.toString());
        });
    }

    /** pg_trigger.tgenabled / pg_rewrite.ev_enabled: O origin (plain ENABLE), D disabled, R replica, A always. */
    static String enableKeyword(char enabled) {
        return switch (enabled) {
            case 'D', 'f' -> "DISABLE";
            case 'R' -> "ENABLE REPLICA";
            case 'A' -> "ENABLE ALWAYS";
            default -> "ENABLE";
        };
    }
}
