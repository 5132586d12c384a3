package dev.sotbackup.repository.chunker;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 256 random 64-bit values of the gear hash, derived from the repository's chunker seed (format §4):
 * {@code G[i]} = the first 8 bytes, little-endian, of {@code SHA-256(seed ‖ uint32le(i))}. A per-repository
 * table keeps chunk boundaries (and so chunk sizes) from revealing known content across repositories.
 */
public final class GearTable {
    final long[] values;

    private GearTable(long[] values) {
        this.values = values;
    }

    public static GearTable fromSeed(byte[] seed) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        long[] values = new long[256];
        for (int i = 0; i < 256; i++) {
            sha.update(seed);
            sha.update(new byte[] {(byte) i, (byte) (i >>> 8), (byte) (i >>> 16), (byte) (i >>> 24)});
            byte[] digest = sha.digest();
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = v << 8 | (digest[b] & 0xffL);
            }
            values[i] = v;
        }
        return new GearTable(values);
    }

    public long get(int index) {
        return values[index];
    }

    @Override
    public String toString() {
        return "GearTable[seeded]";
    }
}
