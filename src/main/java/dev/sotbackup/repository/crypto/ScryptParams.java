package dev.sotbackup.repository.crypto;

/**
 * scrypt cost parameters of a key file (format §3). Bounds keep a hostile key file from demanding
 * gigabytes of memory: scrypt needs 128·N·r bytes.
 */
public record ScryptParams(int n, int r, int p) {
    public static final ScryptParams DEFAULT = new ScryptParams(32768, 8, 1);
    static final int MAX_N = 1 << 20;
    static final int MAX_R = 32;
    static final int MAX_P = 16;

    public ScryptParams {
        if (n < 2 || (n & (n - 1)) != 0 || n > MAX_N) {
            throw new IllegalArgumentException("scrypt N must be a power of two in [2, " + MAX_N + "], got " + n);
        }
        if (r < 1 || r > MAX_R) {
            throw new IllegalArgumentException("scrypt r must be in [1, " + MAX_R + "], got " + r);
        }
        if (p < 1 || p > MAX_P) {
            throw new IllegalArgumentException("scrypt p must be in [1, " + MAX_P + "], got " + p);
        }
    }
}
