package dev.sotbackup.repository.chunker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FastCdcTest {
    /** Small bounds so that a few MiB give hundreds of chunks: statistics that can actually fail. */
    private static final ChunkerParams SMALL = new ChunkerParams(16 * 1024, 64 * 1024, 512 * 1024);
    private static final GearTable GEAR = GearTable.fromSeed(seed(1));
    private static byte[] random32MiB;

    @BeforeAll
    static void generate() {
        random32MiB = randomBytes(32 << 20, 42);
    }

    @Test
    void gearTableIsSha256OfSeedAndLittleEndianIndex() {
        GearTable table = GearTable.fromSeed(seed(0));
        // Independently computed with Python: sha256(bytes(range(32)) + struct.pack('<I', i))[:8], '<Q'.
        assertEquals(0x03ebb6523d00f470L, table.get(0));
        assertEquals(0x0daaa2ff393f7b64L, table.get(1));
        assertEquals(0x47b14ede15fcf373L, table.get(255));
    }

    @Test
    void masksHaveLog2AvgPlusAndMinusTwoTopBits() {
        assertEquals(64 - 22, Long.numberOfTrailingZeros(ChunkerParams.DEFAULT.maskS()));
        assertEquals(22, Long.bitCount(ChunkerParams.DEFAULT.maskS()));
        assertEquals(18, Long.bitCount(ChunkerParams.DEFAULT.maskL()));
        assertEquals(0, ChunkerParams.DEFAULT.maskL() & 1L << 45, "top bits only");
        assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(1000, 3000, 9000));
        assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(4096, 4096, 9000));
    }

    @Test
    void chunksAreWithinBoundsAndConcatenateToTheInput() throws IOException {
        for (ChunkerParams params : List.of(SMALL, ChunkerParams.DEFAULT)) {
            List<Chunk> chunks = chunk(random32MiB, params, GEAR, 1 << 20);
            ByteArrayOutputStream joined = new ByteArrayOutputStream(random32MiB.length);
            long offset = 0;
            for (int i = 0; i < chunks.size(); i++) {
                Chunk c = chunks.get(i);
                assertEquals(offset, c.offset());
                assertTrue(c.length() <= params.max(), "chunk " + i + " of " + c.length());
                if (i < chunks.size() - 1) {
                    assertTrue(c.length() >= params.min(), "chunk " + i + " of " + c.length());
                }
                joined.write(c.data());
                offset += c.length();
            }
            assertArrayEquals(random32MiB, joined.toByteArray());
        }
    }

    @Test
    void meanChunkSizeIsCloseToAvgOnRandomData() throws IOException {
        byte[] data = randomBytes(64 << 20, 7);
        List<Chunk> chunks = chunk(data, SMALL, GEAR, 1 << 20);
        double mean = (double) data.length / chunks.size();
        assertTrue(Math.abs(mean - SMALL.avg()) <= 0.25 * SMALL.avg(), "mean " + mean + " over " + chunks.size());
        // Normalization concentrates sizes: few chunks hit max on random data.
        long atMax = chunks.stream().filter(c -> c.length() == SMALL.max()).count();
        assertTrue(atMax < chunks.size() / 100, atMax + " chunks at max");
    }

    @Test
    void streamingMatchesTheDocumentedAlgorithm() throws IOException {
        byte[] data = Arrays.copyOf(random32MiB, 8 << 20);
        assertEquals(referenceLengths(data, SMALL, GEAR), lengths(chunk(data, SMALL, GEAR, 1 << 20)));
    }

    @Test
    void sameSeedGivesSameChunksAndOtherSeedOthers() throws IOException {
        byte[] data = Arrays.copyOf(random32MiB, 8 << 20);
        List<Integer> first = lengths(chunk(data, SMALL, GearTable.fromSeed(seed(1)), 1 << 20));
        List<Integer> again = lengths(chunk(data, SMALL, GearTable.fromSeed(seed(1)), 1 << 20));
        List<Integer> other = lengths(chunk(data, SMALL, GearTable.fromSeed(seed(2)), 1 << 20));
        assertEquals(first, again);
        assertNotEquals(first, other);
        assertTrue(boundaries(first).stream().filter(boundaries(other)::contains).count() < first.size() / 10,
                "another seed shares few boundaries");
    }

    @Test
    void insertingBytesInTheMiddleChangesAtMostThreeChunks() throws IOException {
        for (ChunkerParams params : List.of(SMALL, ChunkerParams.DEFAULT)) {
            byte[] original = random32MiB;
            int middle = original.length / 2 + 12345;
            ByteBuffer edited = ByteBuffer.allocate(original.length + 100);
            edited.put(original, 0, middle).put(randomBytes(100, 99)).put(original, middle, original.length - middle);
            Map<String, Integer> before = new HashMap<>();
            for (Chunk c : chunk(original, params, GEAR, 1 << 20)) {
                before.merge(Arrays.hashCode(c.data()) + ":" + c.length(), 1, Integer::sum);
            }
            List<Chunk> after = chunk(edited.array(), params, GEAR, 1 << 20);
            int changed = 0;
            for (Chunk c : after) {
                String key = Arrays.hashCode(c.data()) + ":" + c.length();
                Integer left = before.get(key);
                if (left == null || left == 0) {
                    changed++;
                } else {
                    before.put(key, left - 1);
                }
            }
            assertTrue(changed >= 1 && changed <= 3, changed + " of " + after.size() + " chunks changed");
        }
    }

    @Test
    void writeSlicingDoesNotChangeTheChunks() throws IOException {
        byte[] data = Arrays.copyOf(random32MiB, 3 << 20);
        List<Integer> whole = lengths(chunk(data, SMALL, GEAR, data.length));
        assertEquals(whole, lengths(chunk(data, SMALL, GEAR, 1 << 20)));
        assertEquals(whole, lengths(chunk(data, SMALL, GEAR, 7)));
        assertEquals(whole, lengths(chunk(data, SMALL, GEAR, 1)));
        assertEquals(whole, lengths(chunkByteByByte(data, SMALL, GEAR)));
    }

    @Test
    void shortAndEmptyStreamsGiveOneOrNoChunk() throws IOException {
        assertEquals(List.of(), chunk(new byte[0], SMALL, GEAR, 1));
        byte[] small = randomBytes(SMALL.min() - 1, 3);
        List<Chunk> chunks = chunk(small, SMALL, GEAR, 100);
        assertEquals(1, chunks.size());
        assertArrayEquals(small, chunks.getFirst().data());
    }

    @Test
    void constantDataGivesEqualChunks() throws IOException {
        byte[] zeros = new byte[5 * SMALL.max() / 2];
        List<Integer> lengths = lengths(chunk(zeros, SMALL, GEAR, 1 << 16));
        // Either every chunk is max (the hash of a zero run never matches) or all are equal: periodic either way.
        assertEquals(lengths.getFirst(), lengths.get(1));
        assertEquals(zeros.length, lengths.stream().mapToInt(Integer::intValue).sum());
    }

    static List<Chunk> chunk(byte[] data, ChunkerParams params, GearTable gear, int writeSize) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        try (ChunkingOutputStream out = new ChunkingOutputStream(params, gear, chunks::add)) {
            for (int off = 0; off < data.length; off += writeSize) {
                out.write(data, off, Math.min(writeSize, data.length - off));
            }
        }
        return chunks;
    }

    private static List<Chunk> chunkByteByByte(byte[] data, ChunkerParams params, GearTable gear) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        try (ChunkingOutputStream out = new ChunkingOutputStream(params, gear, chunks::add)) {
            for (byte b : data) {
                out.write(b);
            }
        }
        return chunks;
    }

    /** Format §5's pseudocode over the whole array, written as plainly as possible. */
    private static List<Integer> referenceLengths(byte[] data, ChunkerParams p, GearTable gear) {
        List<Integer> lengths = new ArrayList<>();
        int start = 0;
        while (start < data.length) {
            int remaining = data.length - start;
            int length = Math.min(remaining, p.max());
            long h = 0;
            for (int i = p.min(); i < Math.min(remaining, p.max()); i++) {
                h = (h << 1) + gear.get(data[start + i] & 0xff);
                if ((h & (i < p.avg() ? p.maskS() : p.maskL())) == 0) {
                    length = i;
                    break;
                }
            }
            lengths.add(length);
            start += length;
        }
        return lengths;
    }

    private static List<Integer> lengths(List<Chunk> chunks) {
        return chunks.stream().map(Chunk::length).toList();
    }

    private static List<Long> boundaries(List<Integer> lengths) {
        List<Long> result = new ArrayList<>();
        long at = 0;
        for (int length : lengths) {
            at += length;
            result.add(at);
        }
        return result;
    }

    private static byte[] seed(int n) {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (n == 0 ? i : n * 31 + i * 7);
        }
        return seed;
    }

    static byte[] randomBytes(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8 && i + b < n; b++) {
                bytes[i + b] = (byte) (v >>> (8 * b));
            }
        }
        return bytes;
    }
}
