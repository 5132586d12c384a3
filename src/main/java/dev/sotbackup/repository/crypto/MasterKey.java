package dev.sotbackup.repository.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The repository's master key (format §2): {@code encryptKey} is the AES-256 key of every encrypted object,
 * {@code idKey} the HMAC-SHA256 key of blob ids. Key bytes never appear in {@link #toString()}.
 */
public record MasterKey(byte[] encryptKey, byte[] idKey) {
    public static final int KEY_BYTES = 32;
    private static final ObjectMapper JSON = new ObjectMapper();
    // Mac.getInstance does a provider lookup; one Mac per thread, re-keyed per call (cheap: two SHA blocks).
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    });

    public MasterKey {
        if (encryptKey == null || encryptKey.length != KEY_BYTES || idKey == null || idKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("master key halves must be 32 bytes each");
        }
        encryptKey = encryptKey.clone();
        idKey = idKey.clone();
    }

    public static MasterKey generate(SecureRandom random) {
        byte[] encrypt = new byte[KEY_BYTES];
        byte[] id = new byte[KEY_BYTES];
        random.nextBytes(encrypt);
        random.nextBytes(id);
        return new MasterKey(encrypt, id);
    }

    @Override
    public byte[] encryptKey() {
        return encryptKey.clone();
    }

    @Override
    public byte[] idKey() {
        return idKey.clone();
    }

    /** A new AEAD bound to the encrypt key. */
    public Aead aead() {
        return new Aead(encryptKey);
    }

    public BlobId blobId(byte[] plaintext) {
        return blobId(plaintext, 0, plaintext.length);
    }

    /** HMAC-SHA256 of the plaintext under the id key: equal plaintexts give equal ids, unguessable without the key. */
    public BlobId blobId(byte[] plaintext, int off, int len) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(idKey, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot key HmacSHA256", e);
        }
        mac.update(plaintext, off, len);
        return new BlobId(mac.doFinal());
    }

    /** {@code {"encrypt": "<base64>", "id": "<base64>"}}, the plaintext a key file wraps (format §3). */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("encrypt", Base64.getEncoder().encodeToString(encryptKey));
        node.put("id", Base64.getEncoder().encodeToString(idKey));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise master key JSON", e);
        }
    }

    /** Parses masterKeyJson; the message of a failure never quotes the input (it is key material). */
    public static MasterKey fromJson(byte[] json) throws CorruptObjectException {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode encrypt = node == null ? null : node.get("encrypt");
            JsonNode id = node == null ? null : node.get("id");
            if (encrypt == null || !encrypt.isTextual() || id == null || !id.isTextual()) {
                throw new CorruptObjectException("master key JSON lacks the \"encrypt\" or \"id\" field");
            }
            return new MasterKey(Base64.getDecoder().decode(encrypt.asText()), Base64.getDecoder().decode(id.asText()));
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptObjectException("master key JSON is malformed (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey other
                && MessageDigest.isEqual(encryptKey, other.encryptKey)
                && MessageDigest.isEqual(idKey, other.idKey);
    }

    @Override
    public int hashCode() {
        return 0; // deliberately constant: a hash of key bytes would leak a few of their bits
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
