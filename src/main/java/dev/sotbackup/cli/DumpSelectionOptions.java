package dev.sotbackup.cli;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.catalog.NamePattern;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * pg_dump's object selection options (-n/-N/-t/-T/--exclude-table-data/--strict-names), shared by
 * {@code pg dump} and {@code backup}. As in pg_dump, -n and -t patterns that together match nothing are an error.
 */
public final class DumpSelectionOptions {

    @Option(names = {"-n", "--schema"}, paramLabel = "PATTERN", description = "Include only matching schemas.")
    List<String> schemas = new ArrayList<>();

    @Option(names = {"-N", "--exclude-schema"}, paramLabel = "PATTERN", description = "Leave out matching schemas.")
    List<String> excludeSchemas = new ArrayList<>();

    @Option(names = {"-t", "--table"}, paramLabel = "PATTERN", description = "Include only matching tables.")
    List<String> tables = new ArrayList<>();

    @Option(names = {"-T", "--exclude-table"}, paramLabel = "PATTERN", description = "Leave out matching tables.")
    List<String> excludeTables = new ArrayList<>();

    @Option(names = "--exclude-table-data", paramLabel = "PATTERN",
            description = "Keep the definition of matching tables but not their rows (e.g. the changelog).")
    List<String> excludeTableData = new ArrayList<>();

    @Option(names = "--strict-names",
            description = "Fail unless every -n and -t pattern matches (without it, unless they match something).")
    boolean strictNames;

    /** Whether neither -n nor -t narrows the dump (pg_dump then includes large objects by default). */
    boolean wholeDatabase() {
        return schemas.isEmpty() && tables.isEmpty();
    }

    /** The selection, with the options the command itself decides. */
    CatalogOptions toCatalogOptions(boolean schemaOnly, boolean dataOnly, boolean noOwner, boolean noPrivileges,
            boolean includeLargeObjects) {
        return new CatalogOptions(schemaOnly, dataOnly, noOwner, noPrivileges, includeLargeObjects,
                patterns(schemas), patterns(excludeSchemas), patterns(tables), patterns(excludeTables),
                patterns(excludeTableData), strictNames);
    }

    static List<NamePattern> patterns(List<String> texts) {
        return texts.stream().map(NamePattern::parse).toList();
    }
}
