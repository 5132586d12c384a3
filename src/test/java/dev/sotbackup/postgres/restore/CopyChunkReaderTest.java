package dev.sotbackup.postgres.restore;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyChunkReaderTest {

    private static List<String> chunks(String copyText, int chunkSize) throws IOException {
        CopyChunkReader reader = new CopyChunkReader(
                new ByteArrayInputStream(copyText.getBytes(StandardCharsets.UTF_8)), chunkSize);
        List<String> chunks = new ArrayList<>();
        byte[] chunk;
        while ((chunk = reader.next()) != null) {
            chunks.add(new String(chunk, StandardCharsets.UTF_8));
        }
        return chunks;
    }

    @Test
    void cutsOnlyAtRowEndsAndDropsPgDumpsTerminator() throws IOException {
        List<String> chunks = chunks("1\taaaa\n2\tbbbb\n3\tcccc\n\\.\n\n\n", 16);
        for (String chunk : chunks) {
            assertTrue(chunk.endsWith("\n"), chunk);
        }
        assertEquals("1\taaaa\n2\tbbbb\n3\tcccc\n", String.join("", chunks));
    }

    @Test
    void escapedNewlinesAndBackslashDotInsideValuesAreData() throws IOException {
        String rows = "1\tline\\nbreak\n\\\\.\tstarts with backslash dot\n2\t\\.x\n";
        assertEquals(rows, String.join("", chunks(rows + "\\.\n\n\n", 8)));
    }

    @Test
    void aRowLongerThanTheChunkSizeStaysWhole() throws IOException {
        String longRow = "1\t" + "x".repeat(1000) + "\n";
        List<String> chunks = chunks(longRow + "2\ty\n\\.\n", 64);
        assertTrue(chunks.get(0).startsWith(longRow) && chunks.get(0).endsWith("\n"));
        assertEquals(longRow + "2\ty\n", String.join("", chunks));
    }

    @Test
    void anEmptyTableIsNoChunksAtAll() throws IOException {
        assertEquals(List.of(), chunks("\\.\n\n\n", 16));
        assertEquals(List.of(), chunks("", 16));
    }

    @Test
    void dataWithoutTerminatorOrFinalNewlineIsKept() throws IOException {
        assertEquals("1\ta\n2\tb", String.join("", chunks("1\ta\n2\tb", 4)));
    }

    @Test
    void theTerminatorIsFoundWhereverTheChunksFall() throws IOException {
        String rows = "1\ta\\b\n2\t\\\\.\n3\tccccccccccccccccccccc\n";
        for (int size = 1; size <= 40; size++) {
            assertEquals(rows, String.join("", chunks(rows + "\\.\n\n\n", size)), "chunk size " + size);
            assertEquals(rows, String.join("", chunks(rows + "\\.\r\n", size)), "chunk size " + size);
            assertEquals(rows, String.join("", chunks(rows + "\\.", size)), "chunk size " + size);
            assertEquals(rows + "\\.x\n", String.join("", chunks(rows + "\\.x\n", size)), "chunk size " + size);
            assertEquals(rows + "\\", String.join("", chunks(rows + "\\", size)), "chunk size " + size);
        }
    }
}
