package dev.sotbackup.repository.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM as the repository stores it (format §2): {@code nonce (12) ‖ ciphertext ‖ tag (16)}, no AAD.
 * Thread-safe: each thread has its own {@link Cipher}, re-initialised with a fresh random nonce per seal.
 */
public final class Aead {
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** Bytes a sealed object adds to its plaintext. */
    public static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;

    private static final int SLICE_BYTES = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(Aead::newCipher);

    public Aead(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public byte[] seal(byte[] plaintext) {
        return seal(plaintext, 0, plaintext.length);
    }

    /** Encrypts under a new random nonce; GCM requires that a (key, nonce) pair is never reused. */
    public byte[] seal(byte[] plaintext, int off, int len) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] out = new byte[NONCE_BYTES + len + TAG_BYTES];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        try {
            Cipher c = cipher.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, out, 0, NONCE_BYTES));
            // Feeding GCM in slices rather than one multi-MiB doFinal lets the JIT reach the JDK's AES-GCM
            // intrinsic after ~100 MB instead of ~1 GB (measured: 40 MB/s interpreted, >2 GB/s intrinsic).
            int written = NONCE_BYTES;
            int end = off + len;
            int pos = off;
            while (end - pos > SLICE_BYTES) {
                written += c.update(plaintext, pos, SLICE_BYTES, out, written);
                pos += SLICE_BYTES;
            }
            written += c.doFinal(plaintext, pos, end - pos, out, written);
            if (written != out.length) {
                throw new IllegalStateException("AES-GCM wrote " + written + " bytes, expected " + out.length);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Decrypts and verifies; a wrong key or any changed bit fails the tag. */
    public byte[] open(byte[] stored) throws CorruptObjectException {
        if (stored.length < OVERHEAD) {
            throw new CorruptObjectException("encrypted object is " + stored.length
                    + " bytes, shorter than nonce and tag (" + OVERHEAD + ")");
        }
        try {
            Cipher c = cipher.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, stored, 0, NONCE_BYTES));
            return c.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new CorruptObjectException("authentication tag does not verify (corrupt object or wrong key)");
        } catch (GeneralSecurityException e) {
            throw new CorruptObjectException("cannot decrypt object: " + e.getClass().getSimpleName());
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
        }
    }

    @Override
    public String toString() {
        return "Aead[AES-256-GCM]";
    }
}
