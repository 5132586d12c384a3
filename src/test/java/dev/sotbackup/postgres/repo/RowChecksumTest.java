package dev.sotbackup.postgres.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

/** The row checksum is a function of the multiset of rows alone, however the COPY text arrives. */
class RowChecksumTest {

    private static final String ROWS = "1\tfirst\t\\N\n2\tsecond row, a bit longer than 32 bytes\t2024-01-01\n"
            + "3\tline\\nbreak escaped\tx\n\n4\t\u00e9t\u00e9\t\\\\\n";

    @Test
    void xxh64IsTheReferenceAlgorithm() {
        // lz4-java's safe (Unsafe-free) instance is the reference; every length covers each tail branch.
        XXHash64 reference = XXHashFactory.safeInstance().hash64();
        byte[] data = new byte[300];
        new Random(42).nextBytes(data);
        for (long seed : new long[] {TableChecksum.SEED1, TableChecksum.SEED2, -1}) {
            for (int len = 0; len <= 200; len++) {
                for (int off : new int[] {0, 3}) {
                    assertEquals(reference.hash(data, off, len, seed), Xxh64.hash(data, off, len, seed),
                            "len " + len + " off " + off + " seed " + seed);
                }
            }
        }
    }

    @Test
    void newlinesAreFoundWhereverTheyAre() {
        // Bytes near '\n' (0x09, 0x0B, 0x8A) and 0x00/0xFF are the usual traps of word-at-a-time searches.
        byte[] alphabet = {'\n', 0x09, 0x0B, (byte) 0x8A, 0, (byte) 0xFF, 'a'};
        Random random = new Random(3);
        byte[] data = new byte[64];
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < data.length; i++) {
                data[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt();
            }
            int from = random.nextInt(data.length);
            int to = from + random.nextInt(data.length - from + 1);
            int expected = -1;
            for (int i = from; i < to && expected < 0; i++) {
                expected = data[i] == '\n' ? i : -1;
            }
            assertEquals(expected, RowChecksum.indexOfNewline(data, from, to));
        }
    }

    @Test
    void splittingAtEveryByteGivesTheSameChecksum() {
        byte[] text = ROWS.getBytes(StandardCharsets.UTF_8);
        TableChecksum whole = TableChecksum.of(text);
        assertEquals(5, whole.rows());
        for (int cut = 0; cut <= text.length; cut++) {
            for (int cut2 = cut; cut2 <= text.length; cut2++) {
                RowChecksum rows = new RowChecksum();
                rows.write(text, 0, cut);
                rows.write(text, cut, cut2 - cut);
                rows.write(text, cut2, text.length - cut2);
                assertEquals(whole, rows.result(), "cut at " + cut + " and " + cut2);
            }
        }
        RowChecksum byteByByte = new RowChecksum();
        for (byte b : text) {
            byteByByte.write(b);
        }
        assertEquals(whole, byteByByte.result());
    }

    @Test
    void aRowLongerThanTheBufferStraddlingManyWritesIsHashedWhole() {
        byte[] text = ("a".repeat(10_000) + "\nb\n").getBytes(StandardCharsets.US_ASCII);
        RowChecksum rows = new RowChecksum();
        for (int off = 0; off < text.length; off += 7) {
            rows.write(text, off, Math.min(7, text.length - off));
        }
        assertEquals(TableChecksum.of(text), rows.result());
    }

    @Test
    void rowOrderDoesNotMatter() {
        List<String> rows = new ArrayList<>(Arrays.asList(ROWS.split("\n", -1)));
        rows.remove(rows.size() - 1); // after the last newline
        TableChecksum expected = TableChecksum.of(ROWS.getBytes(StandardCharsets.UTF_8));
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(rows, random);
            assertEquals(expected, TableChecksum.of(copyText(rows)));
        }
    }

    @Test
    void partsAddUpToTheWholeAndTheTerminatorSubtractsExactly() {
        byte[] first = "1\ta\n2\tb\n".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "3\tc\n".getBytes(StandardCharsets.US_ASCII);
        byte[] terminator = "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII);
        TableChecksum parts = TableChecksum.of(first).plus(TableChecksum.of(second)).plus(TableChecksum.of(terminator));
        assertEquals(TableChecksum.of(concat(first, second, terminator)), parts);
        assertEquals(TableChecksum.of(concat(first, second)), parts.minus(TableChecksum.COPY_TERMINATOR));
        assertEquals(3, parts.minus(TableChecksum.COPY_TERMINATOR).rows());
        // An empty table is its terminator alone.
        assertEquals(TableChecksum.EMPTY, TableChecksum.of(terminator).minus(TableChecksum.COPY_TERMINATOR));
    }

    @Test
    void differentRowsGiveDifferentChecksums() {
        TableChecksum base = TableChecksum.of(bytes("1\tabc\n2\tdef\n"));
        assertNotEquals(base.checksum(), TableChecksum.of(bytes("1\tabd\n2\tdef\n")).checksum(), "a changed value");
        assertNotEquals(base, TableChecksum.of(bytes("1\tabc\n")), "a lost row");
        assertNotEquals(base.checksum(), TableChecksum.of(bytes("1\tabc\n2\tdef\n2\tdef\n")).checksum(),
                "a duplicated row");
        assertNotEquals(base.checksum(), TableChecksum.of(bytes("1\tabc2\n\tdef\n")).checksum(), "a moved boundary");
        assertNotEquals(base.checksum(), TableChecksum.of(bytes("1\tdef\n2\tabc\n")).checksum(), "values swapped");
        // Two empty rows are two rows, and not nothing.
        assertNotEquals(TableChecksum.EMPTY, TableChecksum.of(bytes("\n\n")));
        assertEquals(2, TableChecksum.of(bytes("\n\n")).rows());
    }

    @Test
    void bytesAfterTheLastNewlineCountAsARow() {
        assertEquals(TableChecksum.of(bytes("1\n2\n")), TableChecksum.of(bytes("1\n2")));
    }

    @Test
    void theStringFormRoundTrips() {
        TableChecksum checksum = TableChecksum.of(bytes(ROWS));
        assertEquals(TableChecksum.PREFIX.length() + 32, checksum.checksum().length());
        assertEquals(checksum, TableChecksum.parse(checksum.rows(), checksum.checksum()));
        assertEquals("0 rows xxh64x2:" + "0".repeat(32), TableChecksum.EMPTY.toString());
        assertThrows(IllegalArgumentException.class, () -> TableChecksum.parse(1, "sha256:abc"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] copyText(List<String> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach(r -> text.append(r).append('\n'));
        return bytes(text.toString());
    }

    private static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] a : arrays) {
            out.writeBytes(a);
        }
        return out.toByteArray();
    }
}
