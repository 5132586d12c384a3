package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_restore -l}: the archive's header as {@code ;} comment lines, then one line per selected entry,
 * {@code dumpId; tableoid oid DESC namespace tag owner}. The same text, edited, comes back through
 * {@link #parseList} as {@code -L}.
 */
public final class TocListing {

    /**
     * Facts about the archive file that the TOC model does not carry; any may be null and is then left out.
     *
     * @param format      "CUSTOM", "DIRECTORY" or "TAR"
     * @param compression as pg_restore prints it ("gzip", "none", or a level for pg_restore ≤ 15)
     * @param version     archive version as "1.14-0"
     */
    public record ArchiveFacts(String format, String compression, String version) {
        public static final ArchiveFacts UNKNOWN = new ArchiveFacts(null, null, null);
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private TocListing() {
    }

    /** The listing; with {@code verbose} every entry is listed with its dependencies, as {@code pg_restore -l -v}. */
    public static String format(Toc toc, EntrySelection selection, ArchiveFacts facts, boolean verbose) {
        StringBuilder out = new StringBuilder();
        ArchiveHeader header = toc.header();
        out.append(";\n");
        if (header.createdAt() != null) {
            out.append("; Archive created at ")
                    .append(header.createdAt().atZone(ZoneId.systemDefault()).format(STAMP)).append('\n');
        }
        out.append(";     dbname: ").append(sanitize(header.databaseName(), false)).append('\n');
        out.append(";     TOC Entries: ").append(toc.entries().size()).append('\n');
        if (facts.compression() != null) {
            out.append(";     Compression: ").append(facts.compression()).append('\n');
        }
        if (facts.version() != null) {
            out.append(";     Dump Version: ").append(facts.version()).append('\n');
        }
        if (facts.format() != null) {
            out.append(";     Format: ").append(facts.format()).append('\n');
            out.append(";     Integer: 4 bytes\n");
            out.append(";     Offset: 8 bytes\n");
        }
        if (header.serverVersion() != null) {
            out.append(";     Dumped from database version: ").append(header.serverVersion()).append('\n');
        }
        if (header.dumperVersion() != null) {
            out.append(";     Dumped by pg_dump version: ").append(header.dumperVersion()).append('\n');
        }
        out.append(";\n;\n; Selected TOC Entries:\n;\n");
        for (TocEntry entry : selection.ordered()) {
            if (verbose || selection.isSelected(entry)) {
                out.append(line(entry));
                if (verbose && !entry.dependencies().isEmpty()) {
                    out.append(";\tdepends on:");
                    for (Integer id : entry.dependencies()) {
                        out.append(' ').append(id);
                    }
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** One entry's line, without the newline. */
    public static String line(TocEntry entry) {
        return entry.dumpId() + "; " + entry.tableOid() + " " + entry.oid() + " " + entry.desc() + " "
                + sanitize(entry.namespace(), true) + " " + sanitize(entry.tag(), false) + " "
                + sanitize(entry.owner(), false);
    }

    /**
     * Reads a {@code -L} list as pg_restore's SortTocFromFile does: everything from the first {@code ;} on a line
     * is a comment, blank lines are skipped, and each remaining line starts with a dumpId. Lines that don't are
     * ignored (pg_restore warns "line ignored").
     */
    public static List<Integer> parseList(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            int comment = line.indexOf(';');
            String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            int end = 0;
            while (end < content.length() && Character.isDigit(content.charAt(end))) {
                end++;
            }
            if (end == 0 || end > 9) {
                continue;
            }
            int id = Integer.parseInt(content.substring(0, end));
            if (id > 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** pg_restore's sanitize_line: one line per value, "-" (when asked) or "" for absent values. */
    private static String sanitize(String value, boolean hyphenIfEmpty) {
        if (value == null || value.isEmpty()) {
            return hyphenIfEmpty ? "-" : "";
        }
        return value.replace('\n', ' ').replace('\r', ' ');
    }
}
