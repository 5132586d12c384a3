package dev.sotbackup.repository.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AeadTest {
    private final MasterKey key = MasterKey.generate(new SecureRandom());
    private final Aead aead = key.aead();

    @Test
    void sealedObjectOpensToThePlaintext() throws Exception {
        byte[] plain = "dcim_device\t42\tswitch-01\n".getBytes(StandardCharsets.UTF_8);
        byte[] stored = aead.seal(plain);
        assertEquals(plain.length + Aead.OVERHEAD, stored.length);
        assertArrayEquals(plain, aead.open(stored));
        assertArrayEquals(new byte[0], aead.open(aead.seal(new byte[0])));
    }

    @Test
    void largePlaintextsSealedInSlicesRoundTrip() throws Exception {
        java.util.Random random = new java.util.Random(5);
        for (int size : new int[] {64 * 1024, 128 * 1024, 200 * 1024 + 7, 3 << 20}) {
            byte[] plain = new byte[size];
            random.nextBytes(plain);
            byte[] stored = aead.seal(plain);
            assertEquals(size + Aead.OVERHEAD, stored.length);
            assertArrayEquals(plain, aead.open(stored), "size " + size);
            byte[] framed = new byte[size + 10];
            System.arraycopy(plain, 0, framed, 5, size);
            assertArrayEquals(plain, aead.open(aead.seal(framed, 5, size)), "offset slice of size " + size);
        }
    }

    @Test
    void everyFlippedBitFailsTheTag() {
        byte[] stored = aead.seal("twenty bytes of text".getBytes(StandardCharsets.UTF_8));
        for (int bit = 0; bit < stored.length * 8; bit++) {
            byte[] damaged = stored.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(CorruptObjectException.class, () -> aead.open(damaged), "bit " + bit);
        }
    }

    @Test
    void anotherKeyFailsTheTag() {
        byte[] stored = aead.seal(new byte[100]);
        Aead other = MasterKey.generate(new SecureRandom()).aead();
        CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> other.open(stored));
        assertTrue(e.getMessage().contains("tag"), e.getMessage());
    }

    @Test
    void tooShortObjectIsCorrupt() {
        assertThrows(CorruptObjectException.class, () -> aead.open(new byte[Aead.OVERHEAD - 1]));
    }

    @Test
    void eachSealUsesANewNonce() {
        byte[] plain = new byte[64];
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            byte[] stored = aead.seal(plain);
            nonces.add(Arrays.toString(Arrays.copyOf(stored, Aead.NONCE_BYTES)));
        }
        assertEquals(1000, nonces.size());
        assertFalse(Arrays.equals(aead.seal(plain), aead.seal(plain)));
    }
}
