package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.toc.RestorePass;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.TocEntry;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.ToLongFunction;

/**
 * pg_restore's -j algorithm (reference §10.3) with one addition:
 * <ol>
 *   <li>the leader runs the pre-data items (and comments/ACL-less satellites before the first data item)
 *   serially, in restore order;</li>
 *   <li>workers take ready items — all dependencies done, current pass — largest data first; post-data items
 *   wait for their table's data rather than the table, so a table's indexes build while other tables load;
 *   items that take exclusive table locks (everything post-data but CREATE INDEX) never run beside another
 *   item touching the same table; passes run MAIN, then ACL, then POST_ACL;</li>
 *   <li>the leader runs whatever is left (dependency cycles) serially.</li>
 * </ol>
 * The addition: a big table's data is loaded over several connections at once ({@link ChunkedCopyLoader}),
 * borrowing job slots for which no other item is ready, so one huge table no longer serialises the restore.
 */
final class ParallelScheduler implements HelperSessions {

    /** An event for the dispatcher: an item finished, or a helper slot came back. */
    private record Event(Item finished) {
        static final Event WAKE = new Event(null);
    }

    /** A pending entry with its scheduling facts. */
    private static final class Item {
        final TocEntry entry;
        final int order;
        final RestorePass pass;
        final Set<Integer> dependencies;
        final Set<Integer> remaining = new HashSet<>();
        final Set<Integer> lockDependencies = new HashSet<>();
        final List<Item> dependents = new ArrayList<>();
        long dataLength;

        Item(TocEntry entry, int order, Set<Integer> dependencies) {
            this.entry = entry;
            this.order = order;
            this.pass = RestorePass.of(entry);
            this.dependencies = dependencies;
        }

        boolean conflictsWith(Item other) {
            for (Integer id : lockDependencies) {
                if (other.dependencies.contains(id)) {
                    return true;
                }
            }
            for (Integer id : other.lockDependencies) {
                if (dependencies.contains(id)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Comparator<Item> LARGEST_FIRST = Comparator
            .comparingLong((Item item) -> item.dataLength).reversed()
            .thenComparingInt(item -> item.order);

    private final RestoreContext context;
    private final int jobs;
    private final ToLongFunction<TocEntry> sizes;
    private final boolean sizesKnown;
    private final Map<Integer, TocEntry> byId;
    /** TABLE dumpId → its TABLE DATA dumpId. */
    private final Map<Integer, Integer> dataOfTable = new HashMap<>();
    /** TABLE dumpIds created in this run (the TRUNCATE-before-COPY optimisation applies to their data). */
    private final Set<Integer> createdTables = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<RestoreSession> idleSessions = new ConcurrentLinkedQueue<>();
    private final List<RestoreSession> allSessions = new ArrayList<>();

    // Dispatcher state, guarded by this.
    private final Map<Integer, Item> pending = new LinkedHashMap<>();
    private final Set<Integer> done = new HashSet<>();
    private final TreeSet<Item> ready = new TreeSet<>(LARGEST_FIRST);
    private final Set<Item> running = new HashSet<>();
    private int helpersInUse;
    private RestorePass pass = RestorePass.MAIN;

    ParallelScheduler(RestoreContext context, ToLongFunction<TocEntry> sizes) {
        this.context = context;
        this.jobs = context.options.jobs();
        this.sizes = sizes;
        this.byId = context.restorer.toc().byDumpId();
        this.sizesKnown = context.selection.ordered().stream().anyMatch(e -> e.isTableData() && sizes.applyAsLong(e) > 0);
        for (TocEntry entry : context.selection.ordered()) {
            if (entry.isTableData() && !entry.dependencies().isEmpty()) {
                dataOfTable.put(entry.dependencies().get(0), entry.dumpId());
            }
        }
    }

    void run() throws SQLException {
        RestoreSession leader = context.connect();
        try {
            if (context.options.clean()) {
                context.dropSelected(leader);
            }
            leader = runPreData(leader);
        } finally {
            leader.close();
        }
        buildItems();
        runWorkers();
        runLeftovers();
        RestoreFailure failure = context.errors.firstFailure();
        if (failure != null) {
            throw failure;
        }
    }

    /** Phase 1: pre-data items on the leader, in order, until the first data or post-data item. */
    private RestoreSession runPreData(RestoreSession leader) throws SQLException {
        boolean skippedSome = false;
        for (TocEntry entry : context.selection.ordered()) {
            boolean now = true;
            if (entry.section() != Section.PRE_DATA) {
                if (entry.section() == Section.DATA || entry.section() == Section.POST_DATA) {
                    now = false;
                    skippedSome = true;
                } else if (skippedSome) {
                    now = false;
                }
            }
            if (RestorePass.of(entry) != RestorePass.MAIN) {
                now = false;
            }
            if (!now) {
                pending.put(entry.dumpId(), null);
                continue;
            }
            if (context.selection.isSelected(entry)) {
                boolean ok = context.run(leader, entry, EntryRestorer.LoadPlan.PLAIN);
                if (ok && entry.desc().equals("TABLE") && context.selection.parts(entry).schema()) {
                    createdTables.add(entry.dumpId());
                }
                if (context.selection.parts(entry).schema()) {
                    leader = context.reconnectIfDatabase(leader, entry);
                }
            }
            done.add(entry.dumpId());
        }
        return leader;
    }

    /** Dependencies within the archive, post-data ones repointed from a table to its data, and lock sets. */
    private void buildItems() {
        int order = 0;
        List<Integer> indexAttachIds = context.selection.ordered().stream()
                .filter(e -> e.desc().equals("INDEX ATTACH")).map(TocEntry::dumpId).toList();
        for (TocEntry entry : context.selection.ordered()) {
            if (!pending.containsKey(entry.dumpId())) {
                continue;
            }
            Set<Integer> dependencies = new HashSet<>();
            long dataLength = entry.isTableData() ? sizes.applyAsLong(entry) : 0;
            for (Integer id : entry.dependencies()) {
                TocEntry dependency = byId.get(id);
                if (dependency == null) {
                    continue; // pg_restore ignores dependencies on entries the archive lacks
                }
                Integer data = dataOfTable.get(id);
                if (entry.section() == Section.POST_DATA && dependency.desc().equals("TABLE") && data != null) {
                    dependencies.add(data);
                    dataLength = Math.max(dataLength, sizes.applyAsLong(byId.get(data)));
                } else {
                    dependencies.add(id);
                }
            }
            if (entry.desc().equals("FK CONSTRAINT")) {
                // A foreign key to a partitioned table needs its unique index valid, i.e. every partition's
                // index attached. Our dumper and current pg_dump record that dependency; archives from older
                // pg_dump releases do not, so the scheduler adds it rather than fail on them.
                dependencies.addAll(indexAttachIds);
            }
            Item item = new Item(entry, order++, dependencies);
            item.dataLength = dataLength;
            if (entry.section() == Section.POST_DATA && !entry.desc().equals("INDEX")) {
                for (Integer id : dependencies) {
                    String desc = byId.get(id).desc();
                    if (desc.equals("TABLE") || desc.equals("TABLE DATA")) {
                        item.lockDependencies.add(id);
                    }
                }
            }
            pending.put(entry.dumpId(), item);
        }
        for (Item item : pending.values()) {
            for (Integer id : item.dependencies) {
                if (!done.contains(id) && pending.containsKey(id)) {
                    item.remaining.add(id);
                    pending.get(id).dependents.add(item);
                }
            }
        }
        for (Item item : pending.values()) {
            if (item.remaining.isEmpty() && item.pass == pass) {
                ready.add(item);
            }
        }
    }

    /** Phase 2. */
    private void runWorkers() {
        ExecutorService workers = Executors.newFixedThreadPool(jobs, runnable -> {
            Thread thread = new Thread(runnable, "restore-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            while (true) {
                synchronized (this) {
                    if (!context.errors.stopped()) {
                        dispatch(workers);
                    }
                    if (running.isEmpty() && helpersInUse == 0) {
                        if (context.errors.stopped()) {
                            break;
                        }
                        if (ready.isEmpty()) {
                            if (pass == RestorePass.POST_ACL) {
                                break;
                            }
                            pass = RestorePass.values()[pass.ordinal() + 1];
                            promoteReady();
                            continue;
                        }
                    }
                }
                Event event = events.take();
                if (event.finished() != null) {
                    synchronized (this) {
                        running.remove(event.finished());
                        complete(event.finished());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailure("interrupted while restoring");
        } finally {
            workers.shutdown();
            for (RestoreSession session : allSessions) {
                session.close();
            }
        }
    }

    /** Starts ready items while job slots are free; items not selected complete on the spot. */
    private void dispatch(ExecutorService workers) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Item item : ready) {
                if (!context.selection.isSelected(item.entry)) {
                    ready.remove(item);
                    complete(item);
                    progress = true;
                    break;
                }
                if (jobs - running.size() - helpersInUse <= 0) {
                    return;
                }
                if (running.stream().noneMatch(item::conflictsWith)) {
                    ready.remove(item);
                    running.add(item);
                    EntryRestorer.LoadPlan plan = planFor(item);
                    workers.execute(() -> work(item, plan));
                    progress = true;
                    break;
                }
            }
        }
    }

    private void work(Item item, EntryRestorer.LoadPlan plan) {
        RestoreSession session = null;
        try {
            session = borrowSession();
            context.run(session, item.entry, plan);
        } catch (RestoreFailure stop) {
            // Recorded by the error policy; the dispatcher stops starting items.
        } catch (SQLException | RuntimeException e) {
            try {
                context.errors.failed(item.entry, e); // could not connect
            } catch (RestoreFailure stop) {
                // as above
            }
        } finally {
            if (session != null) {
                idleSessions.add(session);
            }
            events.add(new Event(item));
        }
    }

    private RestoreSession borrowSession() throws SQLException {
        RestoreSession session = idleSessions.poll();
        if (session != null) {
            return session;
        }
        session = context.connect();
        synchronized (allSessions) {
            allSessions.add(session);
        }
        return session;
    }

    /**
     * TABLE DATA of a big table (by the archive's size hint, or the last data left) loads in chunks over
     * borrowed connections, without pg_restore's TRUNCATE trick (its lock would serialise the connections).
     * Without size hints every load may grow helpers, but only once it has streamed the threshold.
     */
    private EntryRestorer.LoadPlan planFor(Item item) {
        TocEntry entry = item.entry;
        if (!entry.isTableData() || !context.selection.parts(entry).data()) {
            return EntryRestorer.LoadPlan.PLAIN;
        }
        long threshold = context.options.chunkThreshold();
        boolean truncate = !entry.dependencies().isEmpty() && createdTables.contains(entry.dependencies().get(0));
        if (jobs > 1) {
            long size = sizes.applyAsLong(entry);
            if (!sizesKnown) {
                return new EntryRestorer.LoadPlan(false, true, this, jobs, threshold);
            }
            if (size >= threshold || isLastData(item)) {
                return new EntryRestorer.LoadPlan(false, true, this, jobs, 0);
            }
        }
        return new EntryRestorer.LoadPlan(truncate, false, HelperSessions.NONE, 1, 0);
    }

    /** No other table's data is waiting or loading. */
    private boolean isLastData(Item item) {
        for (Item other : pending.values()) {
            if (other != item && other.entry.isTableData() && !done.contains(other.entry.dumpId())
                    && context.selection.parts(other.entry).data()) {
                return false;
            }
        }
        return true;
    }

    private void complete(Item item) {
        done.add(item.entry.dumpId());
        for (Item dependent : item.dependents) {
            dependent.remaining.remove(item.entry.dumpId());
            if (dependent.remaining.isEmpty() && dependent.pass.ordinal() <= pass.ordinal()
                    && !done.contains(dependent.entry.dumpId())) {
                ready.add(dependent);
            }
        }
    }

    private void promoteReady() {
        for (Item item : pending.values()) {
            if (item.remaining.isEmpty() && item.pass == pass && !done.contains(item.entry.dumpId())
                    && !running.contains(item)) {
                ready.add(item);
            }
        }
    }

    /** Phase 3: what never became ready (dependency loops) runs on one connection, in order. */
    private void runLeftovers() throws SQLException {
        if (context.errors.stopped()) {
            return;
        }
        List<Item> leftovers = pending.values().stream()
                .filter(item -> !done.contains(item.entry.dumpId()) && context.selection.isSelected(item.entry))
                .toList();
        if (leftovers.isEmpty()) {
            return;
        }
        try (RestoreSession leader = context.connect()) {
            for (Item item : leftovers) {
                context.run(leader, item.entry, EntryRestorer.LoadPlan.PLAIN);
            }
        }
    }

    // ---- HelperSessions: idle job slots lent to a chunked load ------------------------------------------------

    @Override
    public RestoreSession tryAcquire() {
        synchronized (this) {
            if (context.errors.stopped() || jobs - running.size() - helpersInUse <= 0 || hasDispatchableItem()) {
                return null;
            }
            helpersInUse++;
        }
        try {
            return context.connect();
        } catch (SQLException | RuntimeException e) {
            synchronized (this) {
                helpersInUse--;
            }
            events.add(Event.WAKE);
            return null;
        }
    }

    @Override
    public void release(RestoreSession session) {
        session.close();
        synchronized (this) {
            helpersInUse--;
        }
        events.add(Event.WAKE);
    }

    private boolean hasDispatchableItem() {
        for (Item item : ready) {
            if (running.stream().noneMatch(item::conflictsWith)) {
                return true;
            }
        }
        return false;
    }
}
