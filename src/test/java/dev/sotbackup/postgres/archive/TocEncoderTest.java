package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TocEncoderTest {

    private static final TocEntry ENCODING = new TocEntry(3588, false, "0", "0", "ENCODING", "ENCODING",
            Section.PRE_DATA, "SET client_encoding = 'UTF8';\n", null, null, null, null, null, '\0', null, List.of());
    private static final Toc TOC = new Toc(new ArchiveHeader(LocalDateTime.of(2024, 1, 2, 3, 4, 5), "db", "15.20",
            "test"), List.of(ENCODING));

    @Test
    void version114CustomHeaderStartsLikePgDumps() {
        byte[] bytes = new TocEncoder(ArchiveVersion.V1_14, ArchiveFormat.CUSTOM, true)
                .encode(TOC, new TocEncoder.Offsets(Map.of()));
        assertEquals("5047444d50" + "010e00" + "040801" + "0101000000",
                HexFormat.of().formatHex(Arrays.copyOf(bytes, 16)));
    }

    @Test
    void directoryTocSaysTarAndUncompressedSaysZero() {
        byte[] bytes = new TocEncoder(ArchiveVersion.V1_14, ArchiveFormat.DIRECTORY, false)
                .encode(TOC, new TocEncoder.FileNames(Map.of()));
        assertEquals("040803" + "0000000000", HexFormat.of().formatHex(Arrays.copyOfRange(bytes, 8, 16)));
    }

    @Test
    void encodingEntryMatchesTheReferenceExample() throws Exception {
        byte[] whole = new TocEncoder(ArchiveVersion.V1_14, ArchiveFormat.CUSTOM, true)
                .encode(TOC, new TocEncoder.Offsets(Map.of()));
        byte[] expected = entryBytes(false);
        assertArrayEquals(expected, Arrays.copyOfRange(whole, whole.length - expected.length, whole.length));
    }

    @Test
    void version116AddsRelkindAndAnAlgorithmByte() throws Exception {
        byte[] whole = new TocEncoder(ArchiveVersion.V1_16, ArchiveFormat.CUSTOM, true)
                .encode(TOC, new TocEncoder.Offsets(Map.of()));
        // version 1.16.0, sizes, format 1, algorithm byte 1 (gzip), then tm_sec's sign byte
        assertEquals("011000" + "040801" + "01" + "00", HexFormat.of().formatHex(Arrays.copyOfRange(whole, 5, 13)));
        byte[] expected = entryBytes(true);
        assertArrayEquals(expected, Arrays.copyOfRange(whole, whole.length - expected.length, whole.length));
    }

    private static byte[] entryBytes(boolean relkind) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrimitiveEncoder e = new PrimitiveEncoder(out);
        out.write(HexFormat.of().parseHex("00040e0000" + "0000000000"));
        e.writeString("0");
        e.writeString("0");
        e.writeString("ENCODING");
        e.writeString("ENCODING");
        out.write(HexFormat.of().parseHex("0002000000"));
        e.writeString("SET client_encoding = 'UTF8';\n");
        for (int i = 0; i < 5; i++) {
            out.write(HexFormat.of().parseHex("0101000000")); // dropStmt, copyStmt, namespace, tablespace, tableam
        }
        if (relkind) {
            out.write(HexFormat.of().parseHex("0000000000"));
        }
        out.write(HexFormat.of().parseHex("0101000000")); // owner
        e.writeString("false");
        out.write(HexFormat.of().parseHex("0101000000")); // end of dependencies
        out.write(HexFormat.of().parseHex("03" + "0000000000000000"));
        assertEquals(30, "SET client_encoding = 'UTF8';\n".getBytes(StandardCharsets.UTF_8).length);
        return out.toByteArray();
    }
}
