package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.postgres.toc.RestorePass;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which entries a restore runs and which of their parts, following pg_restore's {@code _tocEntryRequired}
 * (reference §9.4) for the options in {@link RestoreOptions}; also the restore order, which {@code -L} changes.
 * Which -n and -t patterns found an entry is recorded as pg_restore records it for --strict-names, so that
 * {@link #requireMatches()} can refuse a restore that would restore nothing that was asked for.
 */
public final class EntrySelection {

    /** What of an entry runs: its definition (schema part), its data part, or both. */
    public record Parts(boolean schema, boolean data) {
        static final Parts NONE = new Parts(false, false);

        public boolean any() {
            return schema || data;
        }
    }

    /** Descs that -t selects by tag. */
    private static final Set<String> TABLE_LIKE = Set.of("TABLE", "TABLE DATA", "VIEW", "FOREIGN TABLE",
            "MATERIALIZED VIEW", "MATERIALIZED VIEW DATA", "SEQUENCE", "SEQUENCE SET");

    private static final Set<String> SPECIAL = Set.of("ENCODING", "STDSTRINGS", "SEARCHPATH");

    private final RestoreOptions options;
    private final List<TocEntry> ordered;
    private final Map<Integer, Parts> parts = new HashMap<>();
    /** The -n and -t patterns that matched a standalone entry they were compared with (pg_restore's "touched"). */
    private final Set<NamePattern> found = Collections.newSetFromMap(new IdentityHashMap<>());

    private EntrySelection(RestoreOptions options, List<TocEntry> ordered) {
        this.options = options;
        this.ordered = ordered;
    }

    public static EntrySelection of(Toc toc, RestoreOptions options) {
        EntrySelection selection = new EntrySelection(options, order(toc, options.useList()));
        Set<Integer> wanted = options.useList() == null ? null : new LinkedHashSet<>(options.useList());
        Map<Integer, TocEntry> byId = toc.byDumpId();
        // In list order, as pg_restore does: a COMMENT/ACL consults its parent's already computed parts.
        for (TocEntry entry : selection.ordered) {
            selection.parts.put(entry.dumpId(), selection.required(entry, wanted, byId));
        }
        return selection;
    }

    /**
     * Refuses a selection that finds nothing it was asked for, before anything is restored: with --strict-names
     * every -n and -t pattern must have found an entry (pg_restore's messages: {@code schema "x" not found},
     * {@code table "x" not found}); without it the -n patterns together, then the -t patterns together, must have
     * found one — where pg_restore would restore nothing and exit 0, which looks like a success.
     *
     * @throws RestoreFailure naming what was not found
     */
    public void requireMatches() {
        if (options.strictNames()) {
            for (NamePattern pattern : options.schemas()) {
                if (!found.contains(pattern)) {
                    throw new RestoreFailure("schema \"" + pattern.text() + "\" not found");
                }
            }
            for (NamePattern pattern : options.tables()) {
                if (!found.contains(pattern)) {
                    throw new RestoreFailure("table \"" + pattern.text() + "\" not found");
                }
            }
        }
        if (!options.schemas().isEmpty() && options.schemas().stream().noneMatch(found::contains)) {
            throw new RestoreFailure("no matching schemas were found in the archive");
        }
        if (!options.tables().isEmpty() && options.tables().stream().noneMatch(found::contains)) {
            throw new RestoreFailure("no matching tables were found in the archive");
        }
    }

    /** Every entry of the TOC in restore order (with -L: the listed ones in list order, the rest before them). */
    public List<TocEntry> ordered() {
        return ordered;
    }

    public Parts parts(TocEntry entry) {
        return parts.getOrDefault(entry.dumpId(), Parts.NONE);
    }

    public boolean isSelected(TocEntry entry) {
        return parts(entry).any();
    }

    /** Selected entries of one pass, in restore order. */
    public List<TocEntry> selected(RestorePass pass) {
        return ordered.stream().filter(e -> isSelected(e) && RestorePass.of(e) == pass).toList();
    }

    public static boolean isSpecial(TocEntry entry) {
        return SPECIAL.contains(entry.desc());
    }

    /**
     * pg_restore's SortTocFromFile: each listed entry moves to the end in list order, so unlisted entries (which
     * are not restored anyway) end up first and listed ones run in the list's order. Unknown or repeated ids are
     * ignored, as pg_restore ignores them with a warning.
     */
    private static List<TocEntry> order(Toc toc, List<Integer> useList) {
        if (useList == null) {
            return toc.entries();
        }
        Map<Integer, TocEntry> byId = toc.byDumpId();
        Set<Integer> listed = new LinkedHashSet<>();
        for (Integer id : useList) {
            if (byId.containsKey(id)) {
                listed.add(id);
            }
        }
        List<TocEntry> result = new ArrayList<>();
        for (TocEntry entry : toc.entries()) {
            if (!listed.contains(entry.dumpId())) {
                result.add(entry);
            }
        }
        for (Integer id : listed) {
            result.add(byId.get(id));
        }
        return List.copyOf(result);
    }

    private Parts required(TocEntry entry, Set<Integer> wanted, Map<Integer, TocEntry> byId) {
        String desc = entry.desc();
        if (isSpecial(entry)) {
            return Parts.NONE; // applied through the session settings on every connection, never "restored"
        }
        if (desc.equals("DATABASE") || desc.equals("DATABASE PROPERTIES")) {
            return options.create() ? new Parts(true, false) : Parts.NONE;
        }
        if (options.noPrivileges() && RestorePass.isAcl(entry)) {
            return Parts.NONE;
        }
        if (wanted != null && !wanted.contains(entry.dumpId())) {
            return Parts.NONE;
        }
        boolean selective = !options.schemas().isEmpty() || !options.excludeSchemas().isEmpty()
                || !options.tables().isEmpty();
        if (desc.equals("ACL") || desc.equals("COMMENT") || desc.equals("SECURITY LABEL")) {
            if (entry.tag().startsWith("DATABASE ")) {
                if (!options.create()) {
                    return Parts.NONE;
                }
            } else if (selective && !hasSelectedParent(entry, byId, parts)) {
                return Parts.NONE;
            }
        } else if (!standaloneSelected(entry)) {
            return Parts.NONE;
        }
        boolean schema = true;
        boolean data = true;
        if (!entry.hasData()) {
            // Without a data stream an entry is schema, except these data-class ones.
            boolean dataClass = desc.equals("SEQUENCE SET") || desc.equals("BLOB") || desc.equals("BLOB METADATA")
                    || ((desc.equals("ACL") || desc.equals("COMMENT") || desc.equals("SECURITY LABEL"))
                    && entry.tag().startsWith("LARGE OBJECT"));
            schema = !dataClass;
            data = dataClass;
        }
        String defn = entry.defn();
        if (defn == null || defn.isEmpty() || defn.startsWith("-- load via partition root ")) {
            schema = false;
        }
        if (desc.equals("<Init>") && entry.tag().equals("Max OID")) {
            return Parts.NONE;
        }
        if (options.schemaOnly()) {
            data = false;
        }
        if (options.dataOnly()) {
            schema = false;
        }
        if (data && entry.isTableData() && excludedData(entry, options.excludeTableData())) {
            data = false;
        }
        return schema || data ? new Parts(schema, data) : Parts.NONE;
    }

    /** -n / -N / -t for entries that stand on their own; records the -n and -t patterns that matched. */
    private boolean standaloneSelected(TocEntry entry) {
        String namespace = entry.namespace();
        if (!options.schemas().isEmpty()) {
            if (namespace == null || namespace.isEmpty()
                    || !record(options.schemas(), p -> p.matchesSchema(namespace))) {
                return false;
            }
        }
        if (namespace != null && options.excludeSchemas().stream().anyMatch(p -> p.matchesSchema(namespace))) {
            return false;
        }
        if (!options.tables().isEmpty()) {
            if (!TABLE_LIKE.contains(entry.desc())) {
                return false; // pg_restore -t restores only the named relations, not their indexes or triggers
            }
            String schema = namespace == null ? "" : namespace;
            return record(options.tables(), p -> p.matchesTable(schema, entry.tag()));
        }
        return true;
    }

    /** Whether any of {@code patterns} matches; each one that does is recorded as found. */
    private boolean record(List<NamePattern> patterns, Predicate<NamePattern> matches) {
        boolean any = false;
        for (NamePattern pattern : patterns) {
            if (matches.test(pattern)) {
                found.add(pattern);
                any = true;
            }
        }
        return any;
    }

    /** A COMMENT/ACL/SECURITY LABEL follows the first of its parents that is restored (ACL parents don't count). */
    private static boolean hasSelectedParent(TocEntry entry, Map<Integer, TocEntry> byId,
                                             Map<Integer, Parts> computed) {
        for (Integer id : entry.dependencies()) {
            TocEntry parent = byId.get(id);
            if (parent == null || parent.desc().equals("ACL")) {
                continue;
            }
            if (computed.getOrDefault(id, Parts.NONE).any()) {
                return true;
            }
        }
        return false;
    }

    private static boolean excludedData(TocEntry entry, List<NamePattern> patterns) {
        String schema = entry.namespace() == null ? "" : entry.namespace();
        return patterns.stream().anyMatch(p -> p.matchesTable(schema, entry.tag()));
    }
}
