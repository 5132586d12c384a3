package dev.sotbackup.repository.chunker;

/**
 * FastCDC size bounds from {@code config.chunker} (format §4, §5). {@code avg} must be a power of two: the
 * cut masks have log2(avg) ± {@link #NORMALIZATION} bits.
 */
public record ChunkerParams(int min, int avg, int max) {
    public static final ChunkerParams DEFAULT = new ChunkerParams(256 * 1024, 1024 * 1024, 8 * 1024 * 1024);
    /** Normalized chunking level 2 (FastCDC paper, §3.3): masks one bit per level harder/easier than log2(avg). */
    public static final int NORMALIZATION = 2;
    /** Chunks are held in one array while they are found; 1 GiB keeps that far from the JVM array limit. */
    public static final int MAX_MAX = 1 << 30;

    public ChunkerParams {
        if (avg < 64 || (avg & (avg - 1)) != 0) {
            throw new IllegalArgumentException("chunker avg must be a power of two ≥ 64, got " + avg);
        }
        if (min < 1 || min >= avg || max <= avg || max > MAX_MAX) {
            throw new IllegalArgumentException("chunker bounds must satisfy 1 ≤ min < avg < max ≤ " + MAX_MAX
                    + ", got " + min + " / " + avg + " / " + max);
        }
    }

    /** log2(avg) + 2 one-bits: the harder condition used while the chunk is shorter than avg. */
    public long maskS() {
        return topBits(Integer.numberOfTrailingZeros(avg) + NORMALIZATION);
    }

    /** log2(avg) − 2 one-bits: the easier condition used once the chunk has reached avg. */
    public long maskL() {
        return topBits(Integer.numberOfTrailingZeros(avg) - NORMALIZATION);
    }

    /**
     * The most significant bits: with the gear hash {@code h = (h << 1) + G[b]}, bit k of h depends on the
     * last k+1 bytes only, so the top bits see a 64-byte window while the low bits would see only a few bytes.
     */
    private static long topBits(int bits) {
        return -1L << (64 - bits);
    }
}
