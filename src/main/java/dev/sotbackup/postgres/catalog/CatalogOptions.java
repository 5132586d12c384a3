package dev.sotbackup.postgres.catalog;

import java.util.List;

/**
 * What to read, in pg_dump's terms. Patterns are psql-style ({@code *}, {@code ?}, {@code "Quoted"},
 * {@code schema.table}); see {@link NamePattern}. The include patterns (-n, -t) must find something, each of them
 * with {@code strictNames} (--strict-names); see {@link IncludePatterns}.
 */
public record CatalogOptions(
        boolean schemaOnly,
        boolean dataOnly,
        boolean noOwner,
        boolean noPrivileges,
        boolean includeLargeObjects,
        List<NamePattern> includeSchemas,
        List<NamePattern> excludeSchemas,
        List<NamePattern> includeTables,
        List<NamePattern> excludeTables,
        List<NamePattern> excludeTableData,
        boolean strictNames) {

    /** Without --strict-names, pg_dump's default. */
    public CatalogOptions(boolean schemaOnly, boolean dataOnly, boolean noOwner, boolean noPrivileges,
                          boolean includeLargeObjects, List<NamePattern> includeSchemas,
                          List<NamePattern> excludeSchemas, List<NamePattern> includeTables,
                          List<NamePattern> excludeTables, List<NamePattern> excludeTableData) {
        this(schemaOnly, dataOnly, noOwner, noPrivileges, includeLargeObjects, includeSchemas, excludeSchemas,
                includeTables, excludeTables, excludeTableData, false);
    }

    public CatalogOptions {
        includeSchemas = List.copyOf(includeSchemas);
        excludeSchemas = List.copyOf(excludeSchemas);
        includeTables = List.copyOf(includeTables);
        excludeTables = List.copyOf(excludeTables);
        excludeTableData = List.copyOf(excludeTableData);
    }

    public static CatalogOptions everything() {
        return new CatalogOptions(false, false, false, false, true, List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    /** These options with other --exclude-table-data patterns. */
    public CatalogOptions withExcludeTableData(List<NamePattern> patterns) {
        return new CatalogOptions(schemaOnly, dataOnly, noOwner, noPrivileges, includeLargeObjects, includeSchemas,
                excludeSchemas, includeTables, excludeTables, patterns, strictNames);
    }

    /** pg_dump: selecting tables (-t) or schemas (-n) leaves large objects out unless asked for. */
    public boolean selective() {
        return !includeSchemas.isEmpty() || !includeTables.isEmpty();
    }
}
