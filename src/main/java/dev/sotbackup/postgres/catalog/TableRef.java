package dev.sotbackup.postgres.catalog;

import java.util.List;

/**
 * What the dumper needs to stream one table's rows: its name, the columns COPY carries (dropped and
 * generated columns excluded, as pg_dump does), and facts used to split it into ranges.
 *
 * @param oid           the table's OID
 * @param schema        unquoted schema
 * @param name          unquoted table name
 * @param columns       unquoted column names in attnum order
 * @param splitColumn   an integer primary-key column usable for range splitting, or null
 * @param estimatedBytes relpages × block size, for scheduling
 * @param isView        true for materialized-view data refreshed rather than copied (never set for TABLE DATA)
 */
public record TableRef(long oid, String schema, String name, List<String> columns, String splitColumn,
                       long estimatedBytes, boolean isView) {

    public TableRef {
        columns = List.copyOf(columns);
    }
}
