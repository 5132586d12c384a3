package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.testing.Fixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged and foreign files: every one must be refused with a one-line {@link ArchiveFormatException}, never
 * another exception type, garbage data or a hang.
 */
class ArchiveCorruptionTest {

    /** Where the first TOC entry's tableoid length starts in the sample (header strings "sample", "15.20"...). */
    private static final int FIRST_TABLE_OID_LENGTH = 11 + 5 + 7 * 5 + (5 + 6) + (5 + 5) + (5 + 15) + 5 + 5 + 5;

    @TempDir
    Path directory;

    private final SampleToc sample = new SampleToc(3_000, 2);
    private Path gzipArchive;
    private byte[] gzipBytes;

    @BeforeEach
    void writeSample() throws IOException {
        gzipArchive = directory.resolve("sample.dump");
        ArchiveFormat.CUSTOM.write(sample.contents(), gzipArchive, null, ArchiveWriterOptions.defaults(), note -> { });
        gzipBytes = Files.readAllBytes(gzipArchive);
    }

    @Test
    void customArchiveTruncatedAnywhereIsReportedAsTruncated() throws IOException {
        long tocEnd = decodedToc(gzipArchive).tocEnd();
        for (int length : cutPoints(gzipBytes.length, tocEnd)) {
            Path cut = write("cut.dump", Arrays.copyOf(gzipBytes, length));
            ArchiveFormatException e = assertRejected(cut);
            if (length >= 5) {
                assertTrue(e.getMessage().contains("truncated"), length + ": " + e.getMessage());
            }
        }
    }

    @Test
    void uncompressedArchiveTruncatedInItsDataIsReportedAsTruncated() throws IOException {
        Path archive = directory.resolve("plain.dump");
        ArchiveFormat.CUSTOM.write(sample.contents(), archive, null,
                ArchiveWriterOptions.defaults().withCompressionLevel(0), note -> { });
        byte[] bytes = Files.readAllBytes(archive);
        long tocEnd = decodedToc(archive).tocEnd();
        for (long length = tocEnd; length < bytes.length; length += (bytes.length - tocEnd) / 17 + 1) {
            ArchiveFormatException e = assertRejected(write("cut.dump", Arrays.copyOf(bytes, (int) length)));
            assertTrue(e.getMessage().contains("truncated"), length + ": " + e.getMessage());
        }
    }

    @Test
    void flippedMagicIsNotAnArchive() throws IOException {
        byte[] bytes = gzipBytes.clone();
        bytes[3] ^= 0x01;
        assertRejected(write("magic.dump", bytes));
        ArchiveFormatException direct = assertThrows(ArchiveFormatException.class,
                () -> CustomArchiveReader.open(directory.resolve("magic.dump")));
        assertEquals("did not find magic string in file header", direct.getMessage());
    }

    @Test
    void newerVersionIsRefusedLikePgRestoreDoes() throws IOException {
        byte[] bytes = gzipBytes.clone();
        bytes[6] = 17;
        assertEquals("unsupported version (1.17) in file header",
                assertRejected(write("v17.dump", bytes)).getMessage());
        bytes[5] = 2;
        bytes[6] = 0;
        assertEquals("unsupported version (2.0) in file header",
                assertRejected(write("v2.dump", bytes)).getMessage());
    }

    @Test
    void absurdIntegerSizeIsRefused() throws IOException {
        byte[] bytes = gzipBytes.clone();
        bytes[8] = 40;
        assertTrue(assertRejected(write("int.dump", bytes)).getMessage().contains("integer size (40)"));
    }

    @Test
    void hugeTocStringLengthIsTruncationNotAnAllocation() throws IOException {
        byte[] bytes = gzipBytes.clone();
        assertEquals(1, bytes[FIRST_TABLE_OID_LENGTH + 1], "tableoid of ENCODING is \"0\": length 1");
        bytes[FIRST_TABLE_OID_LENGTH + 4] = 0x7F;
        assertTrue(assertRejected(write("len.dump", bytes)).getMessage().contains("truncated"));
    }

    @Test
    void negativeTocStringLengthIsReported() throws IOException {
        byte[] bytes = gzipBytes.clone();
        bytes[FIRST_TABLE_OID_LENGTH] = 1; // sign byte: length -1, a NULL where pg_restore needs a value
        assertTrue(assertRejected(write("neg.dump", bytes)).getMessage().contains("missing table OID"));
        bytes[FIRST_TABLE_OID_LENGTH + 1] = 7; // -7
        assertTrue(assertRejected(write("neg7.dump", bytes)).getMessage().contains("invalid string length -7"));
    }

    @Test
    void flippedByteInCompressedDataNamesTheEntry() throws IOException {
        long block = dataBlock(SampleToc.TABLE_DATA_ID);
        // type byte, dumpId int, first chunk length int, then the zlib stream.
        for (int skip : new int[] {0, 3, 50, 500}) {
            byte[] bytes = gzipBytes.clone();
            bytes[(int) block + 1 + 5 + 5 + skip] ^= 0x5A;
            ArchiveFormatException e = assertRejected(write("flip.dump", bytes));
            assertTrue(e.getMessage().startsWith("data of TABLE DATA app.Item (dumpId 10) is corrupt: "),
                    e.getMessage());
        }
    }

    @Test
    void damagedBlockHeaderOrChunkLengthIsReported() throws IOException {
        int block = (int) dataBlock(SampleToc.TABLE_DATA_ID);
        byte[] type = gzipBytes.clone();
        type[block] = 7;
        assertTrue(assertRejected(write("type.dump", type)).getMessage().contains("block type 7"));

        byte[] id = gzipBytes.clone();
        id[block + 1 + 1] = 11;
        assertTrue(assertRejected(write("id.dump", id)).getMessage().contains("found block ID 11"));

        byte[] length = gzipBytes.clone();
        length[block + 1 + 5 + 4] = 0x40;
        // The chunk now claims the rest of the file: the zlib stream ends inside it, followed by bytes.
        assertEquals("data of TABLE DATA app.Item (dumpId 10) is corrupt: data continues after the end of the"
                + " compressed stream", assertRejected(write("chunk.dump", length)).getMessage());

        byte[] flag = gzipBytes.clone();
        flag[(int) decodedToc(gzipArchive).tocEnd() - 9] = 9; // the last entry's offset flag
        assertTrue(assertRejected(write("flag.dump", flag)).getMessage().contains("unexpected data offset flag 9"));
    }

    @Test
    void foreignFilesAreNotArchives() throws IOException {
        byte[] png = new byte[1024];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(signature, 0, png, 0, signature.length);
        for (int i = signature.length; i < png.length; i++) {
            png[i] = (byte) (i * 7);
        }
        assertTrue(assertRejected(write("image.png", png)).getMessage()
                .endsWith("does not appear to be a valid archive"));
        assertTrue(assertRejected(write("empty.dump", new byte[0])).getMessage().contains("(empty file)"));
        Path emptyDirectory = Files.createDirectory(directory.resolve("not-an-archive"));
        Files.writeString(emptyDirectory.resolve("1.dat"), "x");
        assertTrue(assertRejected(emptyDirectory).getMessage().contains("directory without toc.dat"));
    }

    @Test
    void plainScriptIsRecognisedSoItCanBeReplayed() throws IOException {
        Path script = Fixtures.path(Fixtures.NETBOX_V42);
        assertTrue(ArchiveReader.isPlainScript(script));
        assertFalse(ArchiveReader.isPlainScript(gzipArchive));
        assertTrue(assertRejected(script).getMessage().contains("is a plain SQL script;"));
    }

    @Test
    void damagedDirectoryArchiveIsReported() throws IOException {
        Path archive = directory.resolve("dir");
        ArchiveFormat.DIRECTORY.write(sample.contents(), archive, null, ArchiveWriterOptions.defaults(), note -> { });
        Path toc = archive.resolve("toc.dat");
        byte[] tocBytes = Files.readAllBytes(toc);
        Path data = archive.resolve(SampleToc.TABLE_DATA_ID + ".dat.gz");
        byte[] dataBytes = Files.readAllBytes(data);

        Files.write(toc, Arrays.copyOf(tocBytes, tocBytes.length / 2));
        assertTrue(assertRejected(archive).getMessage().contains("truncated"));
        Files.write(toc, tocBytes);

        Files.write(data, Arrays.copyOf(dataBytes, dataBytes.length / 2));
        assertTrue(assertRejected(archive).getMessage()
                .startsWith("data of TABLE DATA app.Item (dumpId 10) is corrupt"));
        byte[] flipped = dataBytes.clone();
        flipped[flipped.length / 2] ^= 0x21;
        Files.write(data, flipped);
        assertRejected(archive);

        Files.delete(data);
        assertTrue(assertRejected(archive).getMessage().contains("could not open input file"));
    }

    @Test
    void truncatedTarArchiveIsReported() throws IOException {
        Path tar = tarOfSample();
        byte[] bytes = Files.readAllBytes(tar);
        try (ArchiveContents contents = ArchiveReader.open(tar)) {
            assertEquals(sample.toc().entries().size(), contents.toc().entries().size());
            ArchiveDump.readAll(contents);
        }
        // The two zero blocks at the end are optional; cut only into members.
        for (int length = 100; length < bytes.length - 2048; length += 997) {
            assertRejected(write("cut.tar", Arrays.copyOf(bytes, length)));
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * A flipped byte that makes an object's name invalid UTF-8 must stop the read, naming the entry: decoded
     * leniently, U+FFFD would silently rename the index, where stock pg_restore fails on the server's check.
     */
    @Test
    void invalidUtf8InACustomArchiveDefinitionIsRefusedNamingTheEntry() throws IOException {
        Path archive = write("flipped.dump", withInvalidUtf8InTheIndexName(gzipBytes));
        assertEquals(invalidIndexNameMessage(archive.toString()), assertRejected(archive).getMessage());
    }

    @Test
    void invalidUtf8InADirectoryArchiveTocIsRefusedNamingTheEntry() throws IOException {
        Path archive = directory.resolve("flipped-dir");
        ArchiveFormat.DIRECTORY.write(sample.contents(), archive, null, ArchiveWriterOptions.defaults(), note -> { });
        Path toc = archive.resolve("toc.dat");
        Files.write(toc, withInvalidUtf8InTheIndexName(Files.readAllBytes(toc)));
        assertEquals(invalidIndexNameMessage(toc.toString()), assertRejected(archive).getMessage());
    }

    @Test
    void invalidUtf8InATarArchiveTocIsRefusedNamingTheEntry() throws IOException {
        Path tar = tarOfSample();
        byte[] bytes = withInvalidUtf8InTheIndexName(Files.readAllBytes(tar));
        // The tar header's checksum covers only the header block, so the member is still a valid tar member.
        Path flipped = write("flipped.tar", bytes);
        assertEquals(invalidIndexNameMessage(flipped + " (toc.dat)"), assertRejected(flipped).getMessage());
    }

    /** The index's name in its definition, "CREATE INDEX item_name ON …", with 0xFF for its "n". */
    private static byte[] withInvalidUtf8InTheIndexName(byte[] bytes) {
        byte[] definition = "CREATE INDEX item_name".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + definition.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + definition.length, definition, 0, definition.length)) {
                byte[] flipped = bytes.clone();
                flipped[i + "CREATE INDEX item_".length()] = (byte) 0xFF;
                return flipped;
            }
        }
        throw new AssertionError("the index definition is not stored uncompressed");
    }

    private static String invalidIndexNameMessage(String archive) {
        return "invalid byte sequence for encoding \"UTF8\": 0xff in the definition of INDEX app.item_name (dumpId 13)"
                + " in archive \"" + archive + "\"";
    }

    /** Opens and reads everything, within a time limit; must fail with a one-line ArchiveFormatException. */
    private static ArchiveFormatException assertRejected(Path archive) {
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readEverything(archive)),
                () -> archive + " was read without complaint");
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    private static ArchiveDump readEverything(Path archive) throws IOException {
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            return ArchiveDump.readAll(contents);
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(directory.resolve(name), bytes);
    }

    private static DecodedToc decodedToc(Path archive) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            return TocDecoder.decode(in, ArchiveFormat.CUSTOM);
        }
    }

    private long dataBlock(int dumpId) throws IOException {
        DataOffset offset = decodedToc(gzipArchive).offsets().get(dumpId);
        assertEquals(DataOffset.POS_SET, offset.flag());
        return offset.position();
    }

    /** Every few bytes through header and TOC, then spread over the data area. */
    private static List<Integer> cutPoints(int size, long tocEnd) {
        TreeSet<Integer> points = new TreeSet<>();
        for (int i = 1; i < tocEnd; i += 1 + i / 8) {
            points.add(i);
        }
        points.add((int) tocEnd);
        for (long i = tocEnd; i < size; i += (size - tocEnd) / 23 + 1) {
            points.add((int) i);
        }
        points.add(size - 1);
        return new ArrayList<>(points);
    }

    /** The sample as an uncompressed directory archive packed into a tar in pg_dump's member order. */
    private Path tarOfSample() throws IOException {
        Path dir = directory.resolve("for-tar");
        ArchiveFormat.DIRECTORY.write(sample.contents(), dir, null,
                ArchiveWriterOptions.defaults().withCompressionLevel(0), note -> { });
        Path tar = directory.resolve("sample.tar");
        List<String> members = List.of("toc.dat", SampleToc.TABLE_DATA_ID + ".dat",
                "blob_" + SampleToc.LARGE_OBJECT_OID + ".dat", "blobs.toc");
        try (OutputStream file = Files.newOutputStream(tar);
             TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            for (String member : members) {
                byte[] content = Files.readAllBytes(dir.resolve(member));
                TarArchiveEntry entry = new TarArchiveEntry(member);
                entry.setSize(content.length);
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        assertTrue(new String(Files.readAllBytes(tar), 257, 5, StandardCharsets.US_ASCII).equals("ustar"));
        return tar;
    }
}
