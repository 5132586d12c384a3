package dev.sotbackup.postgres.archive;

/**
 * zlib's adler32_combine: the Adler-32 of A‖B from adler(A), adler(B) and |B|. It lets parts of one zlib
 * stream be compressed on different threads while the stream still ends with the checksum of all its bytes.
 */
public final class Adler32Combine {

    private static final long BASE = 65521;

    /** Adler-32 of the empty input, the neutral start value for combining. */
    public static final long INITIAL = 1;

    private Adler32Combine() {
    }

    public static long combine(long adler1, long adler2, long length2) {
        if (length2 < 0) {
            throw new IllegalArgumentException("negative length " + length2);
        }
        long rem = length2 % BASE;
        long sum1 = adler1 & 0xFFFF;
        long sum2 = (rem * sum1) % BASE;
        sum1 += (adler2 & 0xFFFF) + BASE - 1;
        sum2 += ((adler1 >>> 16) & 0xFFFF) + ((adler2 >>> 16) & 0xFFFF) + BASE - rem;
        if (sum1 >= BASE) {
            sum1 -= BASE;
        }
        if (sum1 >= BASE) {
            sum1 -= BASE;
        }
        if (sum2 >= (BASE << 1)) {
            sum2 -= (BASE << 1);
        }
        if (sum2 >= BASE) {
            sum2 -= BASE;
        }
        return sum1 | (sum2 << 16);
    }
}
