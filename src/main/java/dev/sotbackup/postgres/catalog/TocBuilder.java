package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders catalog objects the way pg_dump_sort.c does and numbers them into a {@link Toc}: first by
 * (priority, schema, tag), then a topological sort over the dependencies that moves objects as little as
 * possible from that order. Satellites (comments, ACLs) follow their parent; the three session entries
 * (ENCODING, STDSTRINGS, SEARCHPATH) and the DATABASE entries come first, as in every pg_dump archive.
 */
public final class TocBuilder {

    private static final Set<String> DATABASE_DESCS = Set.of("DATABASE", "DATABASE PROPERTIES");

    private TocBuilder() {
    }

    /**
     * @param objects      everything the readers produced
     * @param dependencies pg_depend edges (dependent → referenced), already redirected from extension members
     *                     to their extension
     * @param reporter     receives a warning per dependency loop that had to be broken
     */
    public static Toc build(ArchiveHeader header, List<DumpObject> objects, List<Dependency> dependencies,
                            boolean noPrivileges, Reporter reporter) {
        List<DumpObject> database = objects.stream().filter(o -> DATABASE_DESCS.contains(o.desc())).toList();
        List<DumpObject> sortable = new ArrayList<>(objects.stream()
                .filter(o -> !DATABASE_DESCS.contains(o.desc())).toList());
        sortable.sort(Comparator.comparing(DumpObject::priority)
                .thenComparing(o -> o.namespace() == null ? "" : o.namespace())
                .thenComparing(DumpObject::tag)
                .thenComparingLong(o -> o.id().oid()));

        Map<CatalogId, Integer> positionOf = new HashMap<>();
        for (int i = 0; i < sortable.size(); i++) {
            DumpObject o = sortable.get(i);
            positionOf.putIfAbsent(o.id(), i);
        }
        for (int i = 0; i < sortable.size(); i++) {
            for (CatalogId alias : sortable.get(i).aliases()) {
                positionOf.putIfAbsent(alias, i);
            }
        }

        // before.get(i) = positions object i must follow
        List<Set<Integer>> before = new ArrayList<>();
        for (int i = 0; i < sortable.size(); i++) {
            Set<Integer> deps = new LinkedHashSet<>();
            for (CatalogId id : sortable.get(i).explicitDeps()) {
                Integer p = positionOf.get(id);
                if (p != null && p != i) {
                    deps.add(p);
                }
            }
            before.add(deps);
        }
        for (Dependency d : dependencies) {
            Integer dependent = positionOf.get(d.dependent());
            Integer referenced = positionOf.get(d.referenced());
            if (dependent == null || referenced == null || dependent.equals(referenced)
                    || sortable.get(dependent).onlyExplicitDeps()) {
                continue;
            }
            before.get(dependent).add(referenced);
        }

        List<Integer> order = topologicalOrder(sortable, before, reporter);

        List<TocEntry> entries = new ArrayList<>();
        entries.add(special(1, "ENCODING", "SET client_encoding = 'UTF8';\n"));
        entries.add(special(2, "STDSTRINGS", "SET standard_conforming_strings = 'on';\n"));
        entries.add(special(3, "SEARCHPATH", "SELECT pg_catalog.set_config('search_path', '', false);\n"));
        int[] nextId = {4};
        Map<Integer, Integer> dumpIdOfPosition = new HashMap<>();
        List<DumpObject> emitOrder = new ArrayList<>(database);
        List<Integer> emitPositions = new ArrayList<>();
        for (int i = 0; i < database.size(); i++) {
            emitPositions.add(-1);
        }
        for (int p : order) {
            emitOrder.add(sortable.get(p));
            emitPositions.add(p);
        }
        // Ids are assigned in emit order so that dependencies always point backwards.
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < emitOrder.size(); k++) {
            DumpObject o = emitOrder.get(k);
            int id = nextId[0]++;
            ids.add(id);
            if (emitPositions.get(k) >= 0) {
                dumpIdOfPosition.put(emitPositions.get(k), id);
            }
            nextId[0] += satelliteCount(o, noPrivileges);
        }
        for (int k = 0; k < emitOrder.size(); k++) {
            DumpObject o = emitOrder.get(k);
            int id = ids.get(k);
            List<Integer> deps = new ArrayList<>();
            int position = emitPositions.get(k);
            if (position >= 0) {
                // Explicit dependencies first: pg_restore requires TABLE DATA's first dependency to be its TABLE.
                for (CatalogId explicit : o.explicitDeps()) {
                    Integer p = positionOf.get(explicit);
                    if (p != null && p != position && !deps.contains(dumpIdOfPosition.get(p))) {
                        deps.add(dumpIdOfPosition.get(p));
                    }
                }
                for (int p : before.get(position)) {
                    Integer dep = dumpIdOfPosition.get(p);
                    if (!deps.contains(dep)) {
                        deps.add(dep);
                    }
                }
            }
            entries.add(entry(id, o, deps));
            int satelliteId = id;
            for (Satellite s : o.satellites()) {
                if (noPrivileges && "ACL".equals(s.desc())) {
                    continue;
                }
                satelliteId++;
                entries.add(new TocEntry(satelliteId, false, "0", "0", s.tag(), s.desc(), s.section(), s.defn(),
                        null, null, s.namespace(), null, null, (char) 0, s.owner(), List.of(id)));
            }
        }
        return new Toc(header, entries);
    }

    private static int satelliteCount(DumpObject o, boolean noPrivileges) {
        return (int) o.satellites().stream().filter(s -> !(noPrivileges && "ACL".equals(s.desc()))).count();
    }

    /**
     * Kahn's algorithm taking, at every step, the ready object that came first in the name order. When only
     * objects on a dependency loop remain, the earliest one is released and the loop reported.
     */
    private static List<Integer> topologicalOrder(List<DumpObject> objects, List<Set<Integer>> before,
                                                  Reporter reporter) {
        int n = objects.size();
        int[] pending = new int[n];
        List<List<Integer>> after = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            after.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            pending[i] = before.get(i).size();
            for (int p : before.get(i)) {
                after.get(p).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        boolean[] done = new boolean[n];
        List<Integer> order = new ArrayList<>(n);
        while (order.size() < n) {
            if (ready.isEmpty()) {
                int stuck = 0;
                while (done[stuck]) {
                    stuck++;
                }
                DumpObject o = objects.get(stuck);
                reporter.warning("dependency loop involving " + o.desc() + " " + qualifiedTag(o)
                        + "; restoring it may need a second pass");
                pending[stuck] = 0;
                ready.add(stuck);
            }
            int next = ready.poll();
            if (done[next]) {
                continue;
            }
            done[next] = true;
            order.add(next);
            for (int dependent : after.get(next)) {
                if (--pending[dependent] == 0 && !done[dependent]) {
                    ready.add(dependent);
                }
            }
        }
        return order;
    }

    private static String qualifiedTag(DumpObject o) {
        return o.namespace() == null ? o.tag() : o.namespace() + "." + o.tag();
    }

    private static TocEntry special(int id, String desc, String defn) {
        return new TocEntry(id, false, "0", "0", desc, desc, Section.PRE_DATA, defn, null, null, null, null, null,
                (char) 0, null, List.of());
    }

    private static TocEntry entry(int id, DumpObject o, List<Integer> deps) {
        boolean realCatalog = o.id().classOid() > 0;
        return new TocEntry(id, o.hasData(), realCatalog ? Long.toString(o.id().classOid()) : "0",
                Long.toString(o.dataTable() != null ? o.dataTable().oid() : o.id().oid()), o.tag(), o.desc(),
                o.section(), o.defn(), o.dropStmt(), o.copyStmt(), o.namespace(), o.tablespace(), o.tableAm(),
                o.relkind(), o.owner(), deps);
    }

    /** One pg_depend edge: {@code dependent} must be created after {@code referenced}. */
    public record Dependency(CatalogId dependent, CatalogId referenced) {
    }
}
