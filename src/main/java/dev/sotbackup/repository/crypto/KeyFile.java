package dev.sotbackup.repository.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Key files ({@code keys/<id>}, format §3): the master key JSON sealed with AES-256-GCM under
 * {@code scrypt(password, salt, N, r, p)}. The caller owns the password array (it may try it on several key
 * files) and zeroes it; this class zeroes every copy and derived key it makes.
 */
public final class KeyFile {
    public static final int SALT_BYTES = 32;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The unencrypted facts of a key file, for {@code key list}. */
    public record Info(Instant created, String hostname, String username, ScryptParams scrypt) {
    }

    private KeyFile() {
    }

    /** A new key file wrapping {@code master}; its name is {@link StorageIds#of(byte[])} of the result. */
    public static byte[] create(char[] password, MasterKey master, String hostname, String username,
                                ScryptParams params) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] kdfKey = deriveKey(password, salt, params);
        byte[] masterJson = master.toJson();
        try {
            byte[] data = new Aead(kdfKey).seal(masterJson);
            ObjectNode node = JSON.createObjectNode();
            node.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            node.put("hostname", hostname);
            node.put("username", username);
            node.put("kdf", "scrypt");
            node.put("N", params.n());
            node.put("r", params.r());
            node.put("p", params.p());
            node.put("salt", Base64.getEncoder().encodeToString(salt));
            node.put("data", Base64.getEncoder().encodeToString(data));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise key file JSON", e);
        } finally {
            Arrays.fill(kdfKey, (byte) 0);
            Arrays.fill(masterJson, (byte) 0);
        }
    }

    /** Unwraps the master key; {@link WrongPasswordException} when the derived key fails the GCM tag. */
    public static MasterKey open(byte[] keyFileJson, char[] password)
            throws WrongPasswordException, CorruptObjectException {
        JsonNode node = parse(keyFileJson);
        ScryptParams params = scryptParams(node);
        byte[] salt = base64(node, "salt");
        byte[] data = base64(node, "data");
        byte[] kdfKey = deriveKey(password, salt, params);
        byte[] masterJson = null;
        try {
            masterJson = new Aead(kdfKey).open(data);
            return MasterKey.fromJson(masterJson);
        } catch (CorruptObjectException e) {
            if (masterJson == null) {
                throw new WrongPasswordException("wrong password for this key file");
            }
            throw e;
        } finally {
            Arrays.fill(kdfKey, (byte) 0);
            if (masterJson != null) {
                Arrays.fill(masterJson, (byte) 0);
            }
        }
    }

    public static Info info(byte[] keyFileJson) throws CorruptObjectException {
        JsonNode node = parse(keyFileJson);
        try {
            return new Info(Instant.parse(text(node, "created")), text(node, "hostname"), text(node, "username"),
                    scryptParams(node));
        } catch (DateTimeParseException e) {
            throw new CorruptObjectException("key file \"created\" is not an ISO-8601 instant");
        }
    }

    private static byte[] deriveKey(char[] password, byte[] salt, ScryptParams params) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] utf8 = new byte[encoded.remaining()];
        encoded.get(utf8);
        try {
            return SCrypt.generate(utf8, salt, params.n(), params.r(), params.p(), 32);
        } finally {
            Arrays.fill(utf8, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    private static JsonNode parse(byte[] json) throws CorruptObjectException {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new CorruptObjectException("key file is not a JSON object");
            }
            String kdf = text(node, "kdf");
            if (!kdf.equals("scrypt")) {
                throw new CorruptObjectException("key file uses unsupported kdf \"" + kdf + "\"");
            }
            return node;
        } catch (IOException e) {
            throw new CorruptObjectException("key file is not valid JSON");
        }
    }

    private static ScryptParams scryptParams(JsonNode node) throws CorruptObjectException {
        try {
            return new ScryptParams(integer(node, "N"), integer(node, "r"), integer(node, "p"));
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException("key file has unusable scrypt parameters: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) throws CorruptObjectException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new CorruptObjectException("key file lacks the string field \"" + field + "\"");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field) throws CorruptObjectException {
        JsonNode value = node.get(field);
        if (value == null || !value.isInt()) {
            throw new CorruptObjectException("key file lacks the integer field \"" + field + "\"");
        }
        return value.intValue();
    }

    private static byte[] base64(JsonNode node, String field) throws CorruptObjectException {
        try {
            return Base64.getDecoder().decode(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException("key file field \"" + field + "\" is not base64");
        }
    }
}
