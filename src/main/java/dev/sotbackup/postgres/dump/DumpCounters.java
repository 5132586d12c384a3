package dev.sotbackup.postgres.dump;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one dump, safe to read from any thread while it runs (a progress bar polls them): the bytes
 * of table data (COPY text and large object contents) produced so far, and an estimate of the total.
 */
public final class DumpCounters {

    private final LongAdder bytesDumped = new LongAdder();
    private volatile long estimatedBytes = -1;

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
    }

    void estimate(long bytes) {
        estimatedBytes = bytes;
    }
}
