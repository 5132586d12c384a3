package dev.sotbackup.repository.crypto;

import java.util.HexFormat;

/** Lower-case hex of 32-byte ids, for {@link HexId}. */
final class Hex {
    static final int ID_BYTES = 32;
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    static String format(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    static byte[] parseId(String hex, String what) {
        if (hex == null || hex.length() != ID_BYTES * 2) {
            throw new IllegalArgumentException(what + " must be 64 hex digits: " + hex);
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException(what + " must be 64 lower-case hex digits: " + hex);
            }
        }
        return FORMAT.parseHex(hex);
    }

    static void checkLength(byte[] bytes, String what) {
        if (bytes == null || bytes.length != ID_BYTES) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
    }

    /** Ids are HMAC or SHA-256 outputs, so their first bytes already make a well-spread hash code. */
    static int hashCode(byte[] bytes) {
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
