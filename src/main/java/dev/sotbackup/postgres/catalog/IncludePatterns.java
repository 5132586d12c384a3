package dev.sotbackup.postgres.catalog;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * pg_dump's rule that a dump asked for particular schemas or tables must find some: {@code pg_dump -t nosuch}
 * fails with "no matching tables were found" instead of writing an empty dump that looks like a success.
 *
 * <p>The rules are pg_dump's (pg_dump.c, {@code expand_schema_name_patterns} and
 * {@code expand_table_name_patterns}): the -n patterns together must match a schema, then the -t patterns
 * together must match a table, view, sequence, materialized view or foreign table — in any schema, whatever -n
 * says, because -t overrides -n; with --strict-names each pattern on its own must match. Exclusion patterns
 * (-N, -T, --exclude-table-data) never need to match, with or without --strict-names.
 */
public final class IncludePatterns {

    private IncludePatterns() {
    }

    /**
     * Checks the options' include patterns against the database.
     *
     * @throws SelectionFailure with pg_dump's message when a pattern the rules require to match matched nothing
     */
    public static void check(CatalogContext ctx) throws SQLException {
        CatalogOptions options = ctx.options();
        if (!options.includeSchemas().isEmpty()) {
            List<String> schemas = new ArrayList<>();
            ctx.forEachRow("SELECT nspname FROM pg_catalog.pg_namespace", rs -> schemas.add(rs.getString(1)));
            require(options.includeSchemas(), options.strictNames(), "schemas",
                    pattern -> schemas.stream().anyMatch(pattern::matchesSchema));
        }
        if (!options.includeTables().isEmpty()) {
            List<String[]> relations = new ArrayList<>();
            ctx.forEachRow("""
                    SELECT n.nspname, c.relname FROM pg_catalog.pg_class c
                      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relkind IN ('r', 'S', 'v', 'm', 'f', 'p')
                    """, rs -> relations.add(new String[] {rs.getString(1), rs.getString(2)}));
            require(options.includeTables(), options.strictNames(), "tables",
                    pattern -> relations.stream().anyMatch(r -> pattern.matchesTable(r[0], r[1])));
        }
    }

    private static void require(List<NamePattern> patterns, boolean strict, String what, Predicate<NamePattern> findsSomething) {
        boolean any = false;
        for (NamePattern pattern : patterns) {
            boolean found = findsSomething.test(pattern);
            if (strict && !found) {
                throw new SelectionFailure("no matching " + what + " were found for pattern \"" + pattern.text()
                        + "\"");
            }
            any |= found;
        }
        if (!any) {
            throw new SelectionFailure("no matching " + what + " were found");
        }
    }
}
