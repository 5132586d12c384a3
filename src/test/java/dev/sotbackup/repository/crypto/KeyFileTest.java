package dev.sotbackup.repository.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyFileTest {
    private static final ScryptParams FAST = new ScryptParams(1024, 8, 1);
    private final MasterKey master = MasterKey.generate(new SecureRandom());

    @Test
    void rightPasswordOpensTheSameMasterKey() throws Exception {
        byte[] file = KeyFile.create("correct horse".toCharArray(), master, "backup-host", "root", FAST);
        assertEquals(master, KeyFile.open(file, "correct horse".toCharArray()));
    }

    @Test
    void defaultScryptParametersWork() throws Exception {
        byte[] file = KeyFile.create("pw".toCharArray(), master, "h", "u", ScryptParams.DEFAULT);
        assertEquals(32768, KeyFile.info(file).scrypt().n());
        assertEquals(master, KeyFile.open(file, "pw".toCharArray()));
    }

    @Test
    void wrongPasswordIsReportedAsSuch() {
        byte[] file = KeyFile.create("correct horse".toCharArray(), master, "backup-host", "root", FAST);
        WrongPasswordException e = assertThrows(WrongPasswordException.class,
                () -> KeyFile.open(file, "battery staple".toCharArray()));
        assertFalse(e.getMessage().contains("correct horse"));
        assertFalse(e.getMessage().contains("battery staple"));
    }

    @Test
    void twoKeyFilesWrapOneMasterKey() throws Exception {
        byte[] first = KeyFile.create("alpha".toCharArray(), master, "h", "u", FAST);
        byte[] second = KeyFile.create("beta".toCharArray(), master, "h", "u", FAST);
        assertNotEquals(StorageIds.of(first), StorageIds.of(second));
        assertEquals(master, KeyFile.open(first, "alpha".toCharArray()));
        assertEquals(master, KeyFile.open(second, "beta".toCharArray()));
        assertThrows(WrongPasswordException.class, () -> KeyFile.open(second, "alpha".toCharArray()));
    }

    @Test
    void nonAsciiPasswordIsEncodedAsUtf8() throws Exception {
        char[] password = "pässwörd✓".toCharArray();
        byte[] file = KeyFile.create(password, master, "h", "u", FAST);
        assertArrayEquals("pässwörd✓".toCharArray(), password, "the caller's array is left for the caller");
        assertEquals(master, KeyFile.open(file, "pässwörd✓".toCharArray()));
    }

    @Test
    void keyFileHasTheDocumentedFields() throws Exception {
        byte[] file = KeyFile.create("pw".toCharArray(), master, "backup-host", "root", FAST);
        JsonNode node = new ObjectMapper().readTree(file);
        assertEquals("scrypt", node.get("kdf").asText());
        assertEquals(1024, node.get("N").asInt());
        assertEquals(8, node.get("r").asInt());
        assertEquals(1, node.get("p").asInt());
        assertEquals(32, Base64.getDecoder().decode(node.get("salt").asText()).length);
        assertEquals(master.toJson().length + Aead.OVERHEAD,
                Base64.getDecoder().decode(node.get("data").asText()).length);
        KeyFile.Info info = KeyFile.info(file);
        assertEquals("backup-host", info.hostname());
        assertEquals("root", info.username());
        String text = new String(file, StandardCharsets.UTF_8);
        assertFalse(text.contains(Base64.getEncoder().encodeToString(master.encryptKey())));
    }

    @Test
    void hostileScryptParametersAreRejected() {
        byte[] file = ("{\"created\":\"2026-01-01T00:00:00Z\",\"hostname\":\"h\",\"username\":\"u\",\"kdf\":\"scrypt\","
                + "\"N\":1073741824,\"r\":8,\"p\":1,\"salt\":\"AAAA\",\"data\":\"AAAA\"}").getBytes(StandardCharsets.UTF_8);
        CorruptObjectException e = assertThrows(CorruptObjectException.class,
                () -> KeyFile.open(file, "pw".toCharArray()));
        assertTrue(e.getMessage().contains("scrypt"), e.getMessage());
    }
}
