package dev.sotbackup.postgres.repo;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link TableVerifier} found: every table the snapshot recorded, its expected and actual rows and
 * checksum, the tables the database lacks and the ones it has beyond the snapshot.
 *
 * @param checksumsRecorded false for snapshots taken before checksums were recorded: nothing was compared
 * @param tables            recorded tables present in the database, by name
 * @param missing           recorded tables the database does not have
 * @param extra             ordinary tables of the database that the snapshot does not know (extension
 *                          members excluded)
 * @param notes             things that may explain a difference (a session setting that could not be applied)
 */
public record VerificationReport(boolean checksumsRecorded, List<TableResult> tables, List<String> missing,
                                 List<String> extra, List<String> notes) {

    public VerificationReport {
        tables = List.copyOf(tables);
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        notes = List.copyOf(notes);
    }

    static VerificationReport notRecorded(String why) {
        return new VerificationReport(false, List.of(), List.of(), List.of(), List.of(why));
    }

    /**
     * One table.
     *
     * @param actual null when the table could not be read ({@code error} says why)
     */
    public record TableResult(String table, TableChecksum expected, TableChecksum actual, String error) {
        public boolean matches() {
            return error == null && expected.equals(actual);
        }
    }

    public List<TableResult> mismatches() {
        return tables.stream().filter(t -> !t.matches()).toList();
    }

    /** Every recorded table is there with the same rows, and nothing else is. */
    public boolean ok() {
        return checksumsRecorded && missing.isEmpty() && extra.isEmpty() && mismatches().isEmpty();
    }

    /** One line, e.g. "verified 123 tables, 2 differ, 0 missing, 0 extra". */
    public String summary() {
        if (!checksumsRecorded) {
            return "no checksums recorded: nothing verified";
        }
        return "verified " + tables.size() + " tables, " + mismatches().size() + " differ, " + missing.size()
                + " missing, " + extra.size() + " extra";
    }

    /** The summary, then one line per problem and note, for the command line. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(summary());
        for (TableResult t : mismatches()) {
            lines.add(t.error() != null ? "error " + t.table() + ": " + t.error()
                    : "differs " + t.table() + ": expected " + t.expected() + ", found " + t.actual());
        }
        missing.forEach(name -> lines.add("missing " + name));
        extra.forEach(name -> lines.add("extra " + name));
        lines.addAll(notes);
        return lines;
    }
}
