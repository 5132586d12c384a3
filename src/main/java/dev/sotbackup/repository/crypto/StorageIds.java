package dev.sotbackup.repository.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Computes object names: SHA-256 of the stored bytes, checkable without the password. */
public final class StorageIds {
    private StorageIds() {
    }

    public static StorageId of(byte[] stored) {
        return of(stored, 0, stored.length);
    }

    public static StorageId of(byte[] stored, int off, int len) {
        MessageDigest sha = sha256();
        sha.update(stored, off, len);
        return new StorageId(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
