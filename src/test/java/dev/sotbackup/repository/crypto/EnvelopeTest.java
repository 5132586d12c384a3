package dev.sotbackup.repository.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private final MasterKey key = MasterKey.generate(new SecureRandom());
    private final Envelope envelope = new Envelope(key);

    @Test
    void encodedObjectIsSealedZstdFrameOfThePlaintext() throws Exception {
        byte[] plain = "{\"rows\": 1}\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] stored = envelope.encode(plain);
        assertTrue(stored.length < plain.length / 10, "repetitive JSON compresses");
        byte[] frame = key.aead().open(stored);
        assertArrayEquals(plain, Zstd.decompress(frame, plain.length));
        assertArrayEquals(plain, envelope.decode(stored));
        assertArrayEquals(plain, envelope.decode(stored, plain.length));
    }

    @Test
    void wrongPlainLengthIsCorrupt() {
        byte[] stored = envelope.encode(new byte[1000]);
        assertThrows(CorruptObjectException.class, () -> envelope.decode(stored, 999));
        assertThrows(CorruptObjectException.class, () -> envelope.decode(stored, 1001));
    }

    @Test
    void frameWithoutContentSizeDecompressesByStreaming() throws Exception {
        byte[] plain = "streamed ".repeat(5000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            z.write(plain); // streaming frames leave the content size unset
        }
        assertArrayEquals(plain, Compression.decompress(out.toByteArray()));
    }

    @Test
    void garbageFrameIsCorrupt() {
        byte[] garbage = key.aead().seal("not a zstd frame".getBytes(StandardCharsets.UTF_8));
        assertThrows(CorruptObjectException.class, () -> envelope.decode(garbage));
    }
}
