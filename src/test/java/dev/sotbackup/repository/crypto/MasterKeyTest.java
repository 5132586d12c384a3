package dev.sotbackup.repository.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
    private final MasterKey key = MasterKey.generate(new SecureRandom());

    @Test
    void blobIdIsHmacSha256UnderTheIdKey() throws Exception {
        byte[] plain = "hello".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.idKey(), "HmacSHA256"));
        assertEquals(HexFormat.of().formatHex(mac.doFinal(plain)), key.blobId(plain).toString());
        assertEquals(key.blobId(plain), key.blobId("xhellox".getBytes(StandardCharsets.UTF_8), 1, 5));
        assertNotEquals(key.blobId(plain), MasterKey.generate(new SecureRandom()).blobId(plain));
    }

    @Test
    void jsonRoundTripKeepsTheKey() throws Exception {
        assertEquals(key, MasterKey.fromJson(key.toJson()));
    }

    @Test
    void toStringRevealsNoKeyBytes() {
        String text = key.toString();
        assertFalse(text.contains(Base64.getEncoder().encodeToString(key.encryptKey())));
        assertFalse(text.contains(HexFormat.of().formatHex(key.encryptKey())));
        assertFalse(text.contains(HexFormat.of().formatHex(key.idKey())));
        assertEquals("MasterKey[redacted]", text);
    }

    @Test
    void malformedJsonIsCorruptWithoutQuotingIt() {
        CorruptObjectException e = assertThrows(CorruptObjectException.class,
                () -> MasterKey.fromJson("{\"encrypt\": \"c2VjcmV0\"}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(e.getMessage().contains("c2VjcmV0"));
    }

    @Test
    void blobIdParsesItsOwnHex() {
        BlobId id = key.blobId(new byte[10]);
        assertEquals(id, BlobId.parse(id.toString()));
        assertEquals(id.hashCode(), BlobId.parse(id.toString()).hashCode());
        assertThrows(IllegalArgumentException.class, () -> BlobId.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> BlobId.parse(id.toString().toUpperCase()));
    }

    @Test
    void storageIdIsSha256OfTheBytes() throws Exception {
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                StorageIds.of(bytes).toString());
        assertEquals(StorageIds.of(bytes), StorageId.parse(StorageIds.of(bytes).toString()));
    }
}
