package dev.sotbackup.repository.chunker;

/**
 * FastCDC cut-point search with normalized chunking level 2 (Xia et al., USENIX ATC 2016, Algorithm 1), as
 * fixed by format §5. For a chunk starting at stream position s:
 *
 * <pre>
 *   h = 0
 *   for i = min .. max-1 (i counts bytes from s):
 *       h = (h << 1) + G[byte at s+i]            (mod 2^64)
 *       if (h & (i < avg ? maskS : maskL)) == 0: the chunk is bytes [s, s+i)  (length i)
 *   no match: the chunk has length max; at the end of the stream a shorter rest is the last chunk
 * </pre>
 *
 * Bytes before {@code min} are skipped without hashing (cut-point skipping), so lengths lie in [min, max]
 * except the last chunk. This class keeps the scan state of the current chunk so that bytes arriving in
 * pieces are hashed once. Not thread-safe: one instance per stream.
 */
public final class FastCdc {
    private final long[] gear;
    private final int min;
    private final int avg;
    private final int max;
    private final long maskS;
    private final long maskL;
    /** Index within the current chunk of the next byte to hash (≥ min once scanning started). */
    private int next;
    private long hash;

    public FastCdc(ChunkerParams params, GearTable gear) {
        this.gear = gear.values;
        this.min = params.min();
        this.avg = params.avg();
        this.max = params.max();
        this.maskS = params.maskS();
        this.maskL = params.maskL();
        reset();
    }

    /**
     * Looks for the end of the chunk that starts at {@code buf[off]}, of which {@code available} bytes are
     * present (the same bytes as on earlier calls, plus more). Returns the chunk's length and resets for the
     * next chunk, or returns -1 when the boundary lies beyond the available bytes.
     */
    public int findBoundary(byte[] buf, int off, int available) {
        int end = Math.min(available, max);
        int i = Math.max(next, min);
        long h = hash;
        // Two tight loops (one per mask) with the hash in a local: no per-byte calls or branches but the test.
        int normalEnd = Math.min(end, avg);
        long mask = maskS;
        for (; i < normalEnd; i++) {
            h = (h << 1) + gear[buf[off + i] & 0xff];
            if ((h & mask) == 0) {
                return cut(i);
            }
        }
        mask = maskL;
        for (; i < end; i++) {
            h = (h << 1) + gear[buf[off + i] & 0xff];
            if ((h & mask) == 0) {
                return cut(i);
            }
        }
        if (i >= max) {
            return cut(max);
        }
        next = i;
        hash = h;
        return -1;
    }

    /** Forgets the current chunk's scan state (after the stream's last chunk, or to start another stream). */
    public void reset() {
        next = 0;
        hash = 0;
    }

    public int maxChunk() {
        return max;
    }

    public int minChunk() {
        return min;
    }

    private int cut(int length) {
        reset();
        return length;
    }
}
