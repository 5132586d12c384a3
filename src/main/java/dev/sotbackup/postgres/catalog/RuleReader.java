package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
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
        List<DumpObject> objects = new ArrayList<>();
        ctx.forEachRow(RULES, rs -> {
            long oid = rs.getLong("oid");
            String schema = rs.getString("nspname");
            String table = rs.getString("relname");
            CatalogId id = CatalogId.of(CatalogId.PG_REWRITE, oid);
            if (!PostDataObjects.relationDumped(ctx, schema, table, rs.getLong("ev_class"))
                    || ctx.isExtensionMember(id)) {
                return;
            }
            String name = rs.getString("rulename");
            String owner = ctx.roleName(rs.getLong("relowner"));
            char enabled = rs.getString("ev_enabled").charAt(0);
            StringBuilder defn = new StringBuilder(rs.getString("ruledef")).append('\n');
            if (enabled != 'O') {
                defn.append("ALTER TABLE ").append(qualify(schema, table)).append(' ')
                        .append(TriggerReader.enableKeyword(enabled)).append(" RULE ").append(quote(name))
                        .append(";\n");
            }
            objects.add(DumpObject.builder(id, Priority.RULE, "RULE", Section.POST_DATA,
                            PostDataObjects.tableScopedTag(table, name))
                    .namespace(schema)
                    .owner(owner)
                    .defn(defn.toString())
                    .dropStmt("DROP RULE " + quote(name) + " ON " + qualify(schema, table) + ";\n")
                    .satellites(CatalogContext.satellites(PostDataObjects.tableScopedComment(ctx, id, "RULE",
                            name, schema, table, owner)))
                    .build());
        });
        return objects;
    }
}
