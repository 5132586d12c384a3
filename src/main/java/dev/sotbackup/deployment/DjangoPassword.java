package dev.sotbackup.deployment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Django's password column values, made in Java: the unusable password {@code make_password(None)} stores, and
 * {@code pbkdf2_sha256$<iterations>$<salt>$<base64 hash>} hashes that NetBox and Nautobot accept at login.
 */
public final class DjangoPassword {

    /** Django 5.1's default (NetBox 4.2 – 4.4); other releases accept it and re-hash at the next login. */
    public static final int ITERATIONS = 870_000;
    /** Django's UNUSABLE_PASSWORD_PREFIX: a value starting with it never matches any password. */
    public static final String UNUSABLE_PREFIX = "!";
    private static final int UNUSABLE_SUFFIX_LENGTH = 40;
    /** Django's get_random_string alphabet; a 22-character salt carries Django's 128 bits of entropy. */
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int SALT_LENGTH = 22;
    private static final String ALGORITHM = "pbkdf2_sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DjangoPassword() {
    }

    /** What {@code make_password(None)} stores: "!" and 40 random characters; no password matches it. */
    public static String unusable() {
        return UNUSABLE_PREFIX + randomString(UNUSABLE_SUFFIX_LENGTH);
    }

    /** A usable hash of {@code password} with a fresh random salt and {@link #ITERATIONS}. */
    public static String hash(String password) {
        return hash(password, randomString(SALT_LENGTH), ITERATIONS);
    }

    /** Django's PBKDF2PasswordHasher.encode: the same password, salt and iterations give the same string. */
    public static String hash(String password, String salt, int iterations) {
        if (salt.isEmpty() || salt.contains("$")) {
            throw new IllegalArgumentException("a Django salt must be non-empty and contain no '$'");
        }
        byte[] derived = pbkdf2HmacSha256(password.getBytes(StandardCharsets.UTF_8),
                salt.getBytes(StandardCharsets.UTF_8), iterations, 32);
        return ALGORITHM + "$" + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(derived);
    }

    /** Whether {@code encoded} is a pbkdf2_sha256 hash of {@code password} (Django's check_password). */
    public static boolean verify(String password, String encoded) {
        String[] fields = encoded.split("\\$", -1);
        if (fields.length != 4 || !fields[0].equals(ALGORITHM)) {
            return false;
        }
        int iterations;
        try {
            iterations = Integer.parseInt(fields[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        String again = hash(password, fields[2], iterations);
        return MessageDigest.isEqual(again.getBytes(StandardCharsets.UTF_8), encoded.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether Django would let anyone log in with this value at all. */
    public static boolean isUsable(String encoded) {
        return encoded != null && !encoded.startsWith(UNUSABLE_PREFIX);
    }

    /**
     * PBKDF2 with HMAC-SHA256 (RFC 8018) over raw bytes, written out rather than through the JDK's
     * PBKDF2WithHmacSHA256 key factory: that one takes a char[] and encodes it itself, and refuses an empty
     * password, while Django hashes exactly the UTF-8 bytes of whatever it is given.
     */
    static byte[] pbkdf2HmacSha256(byte[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty HMAC key is valid but SecretKeySpec refuses it; HMAC pads any key to the block size with
            // zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            int blockLength = mac.getMacLength();
            byte[] out = new byte[length];
            byte[] u = new byte[blockLength];
            byte[] t = new byte[blockLength];
            for (int block = 1, done = 0; done < length; block++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8),
                        (byte) block});
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, blockLength);
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < blockLength; j++) {
                        t[j] ^= u[j];
                    }
                }
                int n = Math.min(blockLength, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }

    private static String randomString(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
