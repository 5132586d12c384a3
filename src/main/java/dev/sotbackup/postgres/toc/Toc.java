package dev.sotbackup.postgres.toc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A sorted table of contents: entries in restore order, plus the header facts. */
public record Toc(ArchiveHeader header, List<TocEntry> entries) {

    public Toc {
        entries = List.copyOf(entries);
    }

    public Map<Integer, TocEntry> byDumpId() {
        Map<Integer, TocEntry> map = new HashMap<>();
        for (TocEntry e : entries) {
            map.put(e.dumpId(), e);
        }
        return map;
    }

    public int maxDumpId() {
        return entries.stream().mapToInt(TocEntry::dumpId).max().orElse(0);
    }

    public List<TocEntry> dataEntries() {
        return entries.stream().filter(TocEntry::hasData).toList();
    }
}
