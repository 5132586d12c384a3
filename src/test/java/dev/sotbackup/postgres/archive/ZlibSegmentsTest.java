package dev.sotbackup.postgres.archive;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Adler32;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZlibSegmentsTest {

    private final Random random = new Random(20240506);

    @Test
    void combinedAdler32EqualsAdler32OfTheConcatenation() {
        for (int round = 0; round < 200; round++) {
            byte[] first = randomBytes(random.nextInt(round % 10 == 0 ? 200_000 : 3_000));
            byte[] second = randomBytes(random.nextInt(round % 7 == 0 ? 200_000 : 3_000));
            long combined = Adler32Combine.combine(adler(first), adler(second), second.length);
            assertEquals(adler(concat(first, second)), combined, "round " + round);
        }
    }

    @Test
    void combiningWithEmptyInputIsNeutral() {
        byte[] data = randomBytes(1234);
        assertEquals(adler(data), Adler32Combine.combine(adler(data), Adler32Combine.INITIAL, 0));
        assertEquals(adler(data), Adler32Combine.combine(Adler32Combine.INITIAL, adler(data), data.length));
    }

    @Test
    void independentlyDeflatedSegmentsInflateAsOneZlibStream() throws Exception {
        byte[][] parts = {compressible(100_000), new byte[0], randomBytes(70_000), compressible(5)};
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(ZlibFraming.header(6));
        PartDigest whole = PartDigest.EMPTY;
        for (byte[] part : parts) {
            DeflateSegmentOutputStream segment = new DeflateSegmentOutputStream(stream, 6);
            segment.write(part);
            whole = whole.followedBy(segment.finish());
        }
        stream.write(ZlibFraming.trailer(whole.adler32()));

        Inflater inflater = new Inflater(); // zlib wrapper expected, as pg_restore's inflateInit does
        inflater.setInput(stream.toByteArray());
        byte[] inflated = new byte[300_000];
        int length = 0;
        while (!inflater.finished()) {
            int n = inflater.inflate(inflated, length, inflated.length - length);
            assertTrue(n > 0 || inflater.finished(), "inflater stalled: stream incomplete");
            length += n;
        }
        assertEquals(0, inflater.getRemaining(), "bytes after the end of the zlib stream");
        assertArrayEquals(concat(concat(concat(parts[0], parts[1]), parts[2]), parts[3]),
                Arrays.copyOf(inflated, length));
    }

    @Test
    void emptyStreamIsAValidEightByteZlibStream() throws Exception {
        byte[] stream = concat(ZlibFraming.header(-1), ZlibFraming.trailer(Adler32Combine.INITIAL));
        assertEquals(8, stream.length);
        Inflater inflater = new Inflater();
        inflater.setInput(stream);
        assertEquals(0, inflater.inflate(new byte[10]));
        assertTrue(inflater.finished());
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] compressible(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) "1\tsome row text\\n\n".charAt(i % 18);
        }
        return bytes;
    }

    private static long adler(byte[] bytes) {
        Adler32 adler = new Adler32();
        adler.update(bytes);
        return adler.getValue();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
