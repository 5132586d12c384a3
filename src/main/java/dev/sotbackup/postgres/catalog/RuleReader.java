package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.quote;

import java.sql.SQLException;
import java.util.List;

/**
 * {@code RULE} entries for rewrite rules on tables and views ({@code pg_get_ruledef}, which already ends in a
 * semicolon), plus ALTER TABLE ... DISABLE / ENABLE REPLICA / ENABLE ALWAYS RULE when the rule is not plainly
 * enabled. A view's or materialized view's {@code _RETURN} rule is its definition and belongs to the VIEW entry.
 */
public final class RuleReader implements ObjectReader {

    private static final String RULES = """
            SELECT r.oid, r.rulename, r.ev_class, r.ev_enabled, n.nspname, c.relname, c.relowner,
                   pg_catalog.pg_get_ruledef(r.oid) AS ruledef
              FROM pg_catalog.pg_rewrite r
              JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT (r.rulename = '_RETURN' AND c.relkind IN ('v', 'm'))
             ORDER BY n.nspname, c.relname, r.rulename
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        return PostDataObjects.objects(ctx, RULES, CatalogId.PG_REWRITE, "rulename", "ev_class", (rs, rule) -> {
            char enabled = rs.getString("ev_enabled").charAt(0);
            StringBuilder defn = new StringBuilder(rs.getString("ruledef")).append('\n');
            if (enabled != 'O') {
                defn.append("ALTER TABLE ").append(rule.qualifiedTable()).append(' ')
                        .append(TriggerReader.enableKeyword(enabled)).append(" RULE ").append(quote(rule.name()))
                        .append(";\n");
            }
            return rule.entry(ctx, Priority.RULE, "RULE", defn.toString());
        });
    }
}
