package dev.sotbackup.postgres.catalog;

import java.util.List;

/**
 * What to read, in pg_dump's terms. Patterns are psql-style ({@code *}, {@code ?}, {@code "Quoted"},
 * {@code schema.table}); see {@link NamePattern}.
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
        List<NamePattern> excludeTableData) {

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

    /** pg_dump: selecting tables (-t) or schemas (-n) leaves large objects out unless asked for. */
    public boolean selective() {
        return !includeSchemas.isEmpty() || !includeTables.isEmpty();
    }
}
