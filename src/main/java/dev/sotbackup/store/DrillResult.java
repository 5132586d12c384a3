package dev.sotbackup.store;

import java.util.List;

/**
 * One component's drill.
 *
 * @param ok               false when the data does not match what was backed up
 * @param restoreNanos     time spent restoring a database (the recovery time measured); 0 for other stores
 * @param tablesChecked    tables whose rows were compared
 * @param tablesMismatched tables that differ or are missing
 */
public record DrillResult(String component, boolean ok, String summary, List<String> details, long restoreNanos,
                          long tablesChecked, long tablesMismatched) {

    public DrillResult {
        details = List.copyOf(details);
    }

    /** A drill of a store that has no tables and is not restored: only its summary. */
    static DrillResult of(String component, boolean ok, String summary) {
        return new DrillResult(component, ok, summary, List.of(), 0, 0, 0);
    }
}
