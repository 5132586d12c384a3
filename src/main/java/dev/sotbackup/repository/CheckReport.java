package dev.sotbackup.repository;

import java.util.List;

/**
 * What {@code check} found: {@code problems} each one line starting with the object's path
 * ({@code data/ab/<id>}, {@code index/<id>}, {@code snapshots/<id>}, …); {@code notes} are harmless findings
 * (packs of an interrupted backup that no index lists yet).
 *
 * @param packsSized   indexed packs whose stored size was compared with the index
 * @param packsChecked packs read in full and verified (--read-data, --read-data-subset)
 */
public record CheckReport(List<String> problems, List<String> notes, int packsSized, int packsChecked,
                          int snapshotsChecked) {
    public CheckReport {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
