package dev.sotbackup.repository.crypto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.sotbackup.repository.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
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
    private static final String KDF = "scrypt";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The unencrypted facts of a key file, for {@code key list}. */
    public record Info(Instant created, String hostname, String username, ScryptParams scrypt) {
    }

    /** The document (format §3); {@code N} is upper-case, {@code salt} and {@code data} base64. */
    record Document(Instant created, String hostname, String username, String kdf, @JsonProperty("N") Integer n,
                    Integer r, Integer p, String salt, String data) {
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
            Document document = new Document(Instant.now().truncatedTo(ChronoUnit.SECONDS), hostname, username, KDF,
                    params.n(), params.r(), params.p(), Base64.getEncoder().encodeToString(salt),
                    Base64.getEncoder().encodeToString(data));
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
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
        Document document = parse(keyFileJson);
        ScryptParams params = scryptParams(document);
        byte[] salt = base64(document.salt(), "salt");
        byte[] data = base64(document.data(), "data");
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
        Document document = parse(keyFileJson);
        return new Info(required(document.created(), "created"), required(document.hostname(), "hostname"),
                required(document.username(), "username"), scryptParams(document));
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

    private static Document parse(byte[] json) throws CorruptObjectException {
        Document document;
        try {
            document = Json.MAPPER.readValue(json, Document.class);
        } catch (JsonMappingException e) {
            throw new CorruptObjectException("key file is malformed: " + Json.reason(e));
        } catch (IOException e) {
            throw new CorruptObjectException("key file is not valid JSON");
        }
        if (document == null) {
            throw new CorruptObjectException("key file is not a JSON object");
        }
        String kdf = required(document.kdf(), "kdf");
        if (!kdf.equals(KDF)) {
            throw new CorruptObjectException("key file uses unsupported kdf \"" + kdf + "\"");
        }
        return document;
    }

    private static ScryptParams scryptParams(Document document) throws CorruptObjectException {
        try {
            return new ScryptParams(required(document.n(), "N"), required(document.r(), "r"),
                    required(document.p(), "p"));
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException("key file has unusable scrypt parameters: " + e.getMessage());
        }
    }

    private static <T> T required(T value, String field) throws CorruptObjectException {
        if (value == null) {
            throw new CorruptObjectException("key file lacks the field \"" + field + "\"");
        }
        return value;
    }

    private static byte[] base64(String value, String field) throws CorruptObjectException {
        try {
            return Base64.getDecoder().decode(required(value, field));
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException("key file field \"" + field + "\" is not base64");
        }
    }
}
