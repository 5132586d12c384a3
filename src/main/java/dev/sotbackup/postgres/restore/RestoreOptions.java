package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.catalog.NamePattern;

import java.util.List;

/**
 * pg_restore's options, as the restore engine understands them.
 *
 * @param jobs               -j: connections restoring at once (1 = serial, pg_restore's three passes)
 * @param create             -C: run the DATABASE entry on the given connection, then continue in the new database
 * @param clean              -c: drop the selected objects (reverse TOC order) before creating them
 * @param ifExists           --if-exists: with clean, drop with IF EXISTS
 * @param noOwner            -O: no ALTER ... OWNER TO
 * @param noPrivileges       -x: skip ACL and DEFAULT ACL entries
 * @param schemaOnly         -s: no data
 * @param dataOnly           -a: no schema
 * @param schemas            -n: only entries in these schemas
 * @param excludeSchemas     -N: not entries in these schemas
 * @param tables             -t: only these tables/views/sequences/materialized views (and their data)
 * @param excludeTableData   --exclude-table-data: create these tables but load none of their rows
 * @param useList            -L: dumpIds to restore, in this order (see {@link TocListing#parseList}); null for all
 * @param singleTransaction  -1: everything in one transaction (serial only; implies exitOnError)
 * @param exitOnError        -e: stop at the first failing entry (pg_restore's default is to continue; ours is
 *                           to stop, so that a broken restore is noticed)
 * @param role               --role: SET ROLE after connecting; null for none
 * @param verbose            -v: report each entry as it starts
 * @param chunkThreshold     a table whose data is at least this many bytes (as far as the archive knows sizes, or
 *                           as far as its stream has shown) is loaded over several connections at once; with
 *                           jobs = 1 never
 * @param strictNames        --strict-names: every -n and -t pattern must find an entry (without it, -n and -t
 *                           together must find one); see {@link EntrySelection#requireMatches()}
 */
public record RestoreOptions(
        int jobs,
        boolean create,
        boolean clean,
        boolean ifExists,
        boolean noOwner,
        boolean noPrivileges,
        boolean schemaOnly,
        boolean dataOnly,
        List<NamePattern> schemas,
        List<NamePattern> excludeSchemas,
        List<NamePattern> tables,
        List<NamePattern> excludeTableData,
        List<Integer> useList,
        boolean singleTransaction,
        boolean exitOnError,
        String role,
        boolean verbose,
        long chunkThreshold,
        boolean strictNames) {

    /** Tables of at least 64 MiB keep every idle connection busy. */
    public static final long DEFAULT_CHUNK_THRESHOLD = 64L << 20;

    public RestoreOptions {
        schemas = List.copyOf(schemas);
        excludeSchemas = List.copyOf(excludeSchemas);
        tables = List.copyOf(tables);
        excludeTableData = List.copyOf(excludeTableData);
        useList = useList == null ? null : List.copyOf(useList);
        if (jobs < 1) {
            throw new IllegalArgumentException("invalid number of parallel jobs");
        }
        if (schemaOnly && dataOnly) {
            throw new IllegalArgumentException("options -s/--schema-only and -a/--data-only cannot be used together");
        }
        if (ifExists && !clean) {
            throw new IllegalArgumentException("option --if-exists requires option -c/--clean");
        }
        if (dataOnly && clean) {
            throw new IllegalArgumentException("options -c/--clean and -a/--data-only cannot be used together");
        }
        if (singleTransaction && jobs > 1) {
            throw new IllegalArgumentException("cannot specify both --single-transaction and multiple jobs");
        }
        if (singleTransaction && create) {
            throw new IllegalArgumentException("options -C/--create and -1/--single-transaction cannot be used together");
        }
        if (chunkThreshold < 0) {
            throw new IllegalArgumentException("chunk threshold must not be negative");
        }
        if (singleTransaction) {
            exitOnError = true; // as pg_restore: a failed statement aborts the transaction anyway
        }
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(1, false, false, false, false, false, false, false, List.of(), List.of(),
                List.of(), List.of(), null, false, true, null, false, DEFAULT_CHUNK_THRESHOLD, false);
    }

    /** A builder starting from the {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** These options to change some: {@code options.toBuilder().create(false).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Options built up one by one, from the defaults ({@link #defaults()}); {@link #build()} checks them together.
     */
    public static final class Builder {
        private int jobs;
        private boolean create;
        private boolean clean;
        private boolean ifExists;
        private boolean noOwner;
        private boolean noPrivileges;
        private boolean schemaOnly;
        private boolean dataOnly;
        private List<NamePattern> schemas;
        private List<NamePattern> excludeSchemas;
        private List<NamePattern> tables;
        private List<NamePattern> excludeTableData;
        private List<Integer> useList;
        private boolean singleTransaction;
        private boolean exitOnError;
        private String role;
        private boolean verbose;
        private long chunkThreshold;
        private boolean strictNames;

        private Builder(RestoreOptions from) {
            jobs = from.jobs;
            create = from.create;
            clean = from.clean;
            ifExists = from.ifExists;
            noOwner = from.noOwner;
            noPrivileges = from.noPrivileges;
            schemaOnly = from.schemaOnly;
            dataOnly = from.dataOnly;
            schemas = from.schemas;
            excludeSchemas = from.excludeSchemas;
            tables = from.tables;
            excludeTableData = from.excludeTableData;
            useList = from.useList;
            singleTransaction = from.singleTransaction;
            exitOnError = from.exitOnError;
            role = from.role;
            verbose = from.verbose;
            chunkThreshold = from.chunkThreshold;
            strictNames = from.strictNames;
        }

        public Builder jobs(int value) {
            jobs = value;
            return this;
        }

        public Builder create(boolean value) {
            create = value;
            return this;
        }

        public Builder clean(boolean value) {
            clean = value;
            return this;
        }

        public Builder ifExists(boolean value) {
            ifExists = value;
            return this;
        }

        public Builder noOwner(boolean value) {
            noOwner = value;
            return this;
        }

        public Builder noPrivileges(boolean value) {
            noPrivileges = value;
            return this;
        }

        public Builder schemaOnly(boolean value) {
            schemaOnly = value;
            return this;
        }

        public Builder dataOnly(boolean value) {
            dataOnly = value;
            return this;
        }

        public Builder schemas(List<NamePattern> value) {
            schemas = value;
            return this;
        }

        public Builder excludeSchemas(List<NamePattern> value) {
            excludeSchemas = value;
            return this;
        }

        public Builder tables(List<NamePattern> value) {
            tables = value;
            return this;
        }

        public Builder excludeTableData(List<NamePattern> value) {
            excludeTableData = value;
            return this;
        }

        public Builder useList(List<Integer> value) {
            useList = value;
            return this;
        }

        public Builder singleTransaction(boolean value) {
            singleTransaction = value;
            return this;
        }

        public Builder exitOnError(boolean value) {
            exitOnError = value;
            return this;
        }

        public Builder role(String value) {
            role = value;
            return this;
        }

        public Builder verbose(boolean value) {
            verbose = value;
            return this;
        }

        public Builder chunkThreshold(long value) {
            chunkThreshold = value;
            return this;
        }

        public Builder strictNames(boolean value) {
            strictNames = value;
            return this;
        }

        /** @throws IllegalArgumentException for options that cannot go together, as pg_restore refuses them */
        public RestoreOptions build() {
            return new RestoreOptions(jobs, create, clean, ifExists, noOwner, noPrivileges, schemaOnly, dataOnly,
                    schemas, excludeSchemas, tables, excludeTableData, useList, singleTransaction, exitOnError, role,
                    verbose, chunkThreshold, strictNames);
        }
    }
}
