package dev.sotbackup.postgres.dump;

import dev.sotbackup.report.Reporter;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one dump, safe to read from any thread while it runs: the bytes of table data (COPY text and
 * large object contents) produced so far, and an estimate of the total. What is counted here is also added to the
 * {@link Reporter.Counter} a caller's progress display reads, which may sum several dumps.
 */
public final class DumpCounters {

    private final LongAdder bytesDumped = new LongAdder();
    private volatile long estimatedBytes = -1;
    private final Reporter.Counter shown;
    private final long expected;

    /** Counters that only this dump's caller reads. */
    public DumpCounters() {
        this(new Reporter.Counter("table bytes"), 0);
    }

    /**
     * Counters that also advance {@code shown}.
     *
     * @param expected what {@code shown}'s total already expects of this dump before its catalog is read (a
     *                 database's size); the estimate replaces it there
     */
    public DumpCounters(Reporter.Counter shown, long expected) {
        this.shown = shown;
        this.expected = expected;
    }

    /** Table data bytes produced so far, over all worker connections. */
    public long bytesDumped() {
        return bytesDumped.sum();
    }

    /**
     * The dumped tables' size on disk ({@code pg_table_size}, plus {@code pg_largeobject} when large objects are
     * dumped), known once the catalog has been read; -1 before. COPY text is usually somewhat smaller than the
     * heap it comes from, so treat it as an estimate.
     */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    void add(long bytes) {
        bytesDumped.add(bytes);
        shown.add(bytes);
    }

    void estimate(long bytes) {
        estimatedBytes = bytes;
        shown.addToTotal(bytes - expected);
    }
}
