package dev.sotbackup.postgres.archive;

import dev.sotbackup.output.OutputFile;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Our writers' archives, and the 1.15/1.16, LZ4 and zstd variants built by {@link TestArchiveEncoder}, read back
 * exactly: same TOC, same data bytes, same large objects.
 */
class ArchiveReaderRoundTripTest {

    private static final ArchiveVersion V1_15 = new ArchiveVersion(1, 15, 0);

    @TempDir
    Path directory;

    @Test
    void threePartTableWrittenByTwoJobsReadsBackIdentically() throws IOException {
        SampleToc sample = new SampleToc(20_000, 3);
        Path archive = directory.resolve("parts.dump");
        ArchiveFormat.CUSTOM.write(sample.contents(), archive, null,
                ArchiveWriterOptions.defaults().withJobs(2).withCompressionLevel(1), note -> { });

        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            CustomArchiveReader reader = assertInstanceOf(CustomArchiveReader.class, contents);
            assertEquals(ArchiveVersion.V1_14, reader.version());
            assertEquals(DataCompression.GZIP, reader.compression());
            assertSampleReadsBack(sample, contents, false);
        }
    }

    @Test
    void streamedArchiveWithoutOffsetsIsScannedInAnyOrder() throws IOException {
        SampleToc sample = new SampleToc(5_000, 2);
        Path archive = directory.resolve("streamed.dump");
        try (OutputStream out = Files.newOutputStream(archive)) {
            ArchiveFormat.CUSTOM.write(sample.contents(), null, out, ArchiveWriterOptions.defaults(), note -> { });
        }
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            // BLOBS lies after the table data: reading it first makes the scan pass over the table's block.
            TocEntry blobs = contents.toc().byDumpId().get(12);
            List<Long> oids = new ArrayList<>();
            contents.forEachLargeObject(blobs, (oid, content) -> oids.add(oid));
            assertEquals(List.of(SampleToc.LARGE_OBJECT_OID), oids);
            assertSampleReadsBack(sample, contents, false);
        }
    }

    @Test
    void uncompressedArchiveReadsBack() throws IOException {
        SampleToc sample = new SampleToc(500, 1);
        Path archive = directory.resolve("plain.dump");
        ArchiveFormat.CUSTOM.write(sample.contents(), archive, null,
                ArchiveWriterOptions.defaults().withCompressionLevel(0), note -> { });
        try (CustomArchiveReader reader = CustomArchiveReader.open(archive)) {
            assertEquals(DataCompression.NONE, reader.compression());
            assertSampleReadsBack(sample, reader, false);
        }
    }

    @Test
    void directoryWrittenByTwoJobsReadsBackIdentically() throws IOException {
        SampleToc sample = new SampleToc(20_000, 3);
        Path archive = directory.resolve("dir");
        ArchiveFormat.DIRECTORY.write(sample.contents(), archive, null,
                ArchiveWriterOptions.defaults().withJobs(2), note -> { });
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            assertInstanceOf(DirectoryArchiveReader.class, contents);
            assertSampleReadsBack(sample, contents, false);
        }
    }

    @Test
    void version116WrittenByOurWriterKeepsRelkind() throws IOException {
        SampleToc sample = new SampleToc(300, 2);
        Path archive = directory.resolve("v16.dump");
        try (CustomArchiveWriter writer = new CustomArchiveWriter(OutputFile.open(archive, note -> { }),
                ArchiveWriterOptions.defaults(), ArchiveVersion.V1_16)) {
            writer.write(sample.contents());
            writer.commit();
        }
        try (CustomArchiveReader reader = CustomArchiveReader.open(archive)) {
            assertEquals(ArchiveVersion.V1_16, reader.version());
            assertEquals('r', reader.toc().byDumpId().get(SampleToc.TABLE_ID).relkind());
            assertSampleReadsBack(sample, reader, true);
        }
    }

    static Stream<Arguments> variants() {
        List<Arguments> variants = new ArrayList<>();
        for (boolean custom : new boolean[] {true, false}) {
            variants.add(Arguments.of(ArchiveVersion.V1_14, DataCompression.NONE, custom));
            variants.add(Arguments.of(ArchiveVersion.V1_14, DataCompression.GZIP, custom));
            for (ArchiveVersion version : List.of(V1_15, ArchiveVersion.V1_16)) {
                for (DataCompression compression : DataCompression.values()) {
                    variants.add(Arguments.of(version, compression, custom));
                }
            }
        }
        return variants.stream();
    }

    @ParameterizedTest(name = "{0} {1} custom={2}")
    @MethodSource("variants")
    void everyVersionAndCompressionReadsBack(ArchiveVersion version, DataCompression compression, boolean custom)
            throws IOException {
        Toc toc = groupedLargeObjectToc();
        SampleToc sample = new SampleToc(3_000, 1);
        byte[] tableData = SampleToc.copyText(sample.rows(), true);
        Map<Integer, byte[]> data = Map.of(SampleToc.TABLE_DATA_ID, tableData);
        Map<Integer, Map<Long, byte[]>> largeObjects = groupedLargeObjects();
        TestArchiveEncoder encoder = new TestArchiveEncoder(version, compression);
        Path archive = directory.resolve("archive");
        if (custom) {
            encoder.writeCustom(toc, data, largeObjects, true, archive);
        } else {
            encoder.writeDirectory(toc, data, largeObjects, archive);
        }
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            assertEquals(expectedToc(toc, version.storesRelkind()), contents.toc());
            try (InputStream in = contents.openData(contents.toc().byDumpId().get(SampleToc.TABLE_DATA_ID))) {
                assertArrayEquals(tableData, in.readAllBytes());
            }
            for (int blobsId : largeObjects.keySet()) {
                Map<Long, byte[]> found = new LinkedHashMap<>();
                contents.forEachLargeObject(contents.toc().byDumpId().get(blobsId),
                        (oid, content) -> found.put(oid, content.readAllBytes()));
                assertLargeObjectsEqual(largeObjects.get(blobsId), found);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressions")
    void version116WithoutOffsetsIsScannedAcrossSeveralBlobsBlocks(DataCompression compression) throws IOException {
        Toc toc = groupedLargeObjectToc();
        Map<Integer, Map<Long, byte[]>> largeObjects = groupedLargeObjects();
        Path archive = directory.resolve("scan.dump");
        byte[] tableData = "1\tx\t\\N\n\\.\n\n\n".getBytes();
        new TestArchiveEncoder(ArchiveVersion.V1_16, compression)
                .writeCustom(toc, Map.of(SampleToc.TABLE_DATA_ID, tableData), largeObjects, false, archive);
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            Map<Long, byte[]> second = new LinkedHashMap<>();
            contents.forEachLargeObject(contents.toc().byDumpId().get(15),
                    (oid, content) -> second.put(oid, content.readAllBytes()));
            assertLargeObjectsEqual(largeObjects.get(15), second);
            try (InputStream in = contents.openData(contents.toc().byDumpId().get(SampleToc.TABLE_DATA_ID))) {
                assertArrayEquals(tableData, in.readAllBytes());
            }
            // The visitor may leave a large object unread: the next one must still be found.
            List<Long> oids = new ArrayList<>();
            contents.forEachLargeObject(contents.toc().byDumpId().get(12), (oid, content) -> oids.add(oid));
            assertEquals(List.copyOf(largeObjects.get(12).keySet()), oids);
        }
    }

    @Test
    void largeObjectsOfACustomArchiveAreReadOneAtATimeInArchiveOrder() throws IOException {
        Toc toc = groupedLargeObjectToc();
        Map<Long, byte[]> expected = groupedLargeObjects().get(12);
        Path archive = directory.resolve("in-order.dump");
        new TestArchiveEncoder(ArchiveVersion.V1_16, DataCompression.GZIP)
                .writeCustom(toc, Map.of(SampleToc.TABLE_DATA_ID, "\\.\n\n\n".getBytes()), groupedLargeObjects(),
                        true, archive);
        try (ArchiveContents contents = ArchiveReader.open(archive);
             LargeObjects objects = contents.largeObjects(contents.toc().byDumpId().get(12))) {
            LargeObject first = objects.next();
            try (InputStream partly = first.content().open()) {
                partly.readNBytes(1);
            }
            LargeObject second = objects.next();
            assertThrows(IllegalStateException.class, () -> first.content().open(),
                    "the archive has moved past the first large object");
            try (InputStream content = second.content().open()) {
                assertArrayEquals(expected.get(second.oid()), content.readAllBytes());
            }
            assertThrows(IllegalStateException.class, () -> second.content().open(), "read once");
            List<Long> oids = new ArrayList<>(List.of(first.oid(), second.oid()));
            for (LargeObject next = objects.next(); next != null; next = objects.next()) {
                oids.add(next.oid());
            }
            assertEquals(List.copyOf(expected.keySet()), oids);
        }
    }

    static Stream<DataCompression> compressions() {
        return Stream.of(DataCompression.values());
    }

    /** Reads the sample back and compares everything; relkind only survives in 1.16 archives. */
    static void assertSampleReadsBack(SampleToc sample, ArchiveContents contents, boolean keepsRelkind)
            throws IOException {
        assertEquals(expectedToc(sample.toc(), keepsRelkind), contents.toc());
        ArchiveDump dump = ArchiveDump.readAll(contents);
        assertArrayEquals(SampleToc.copyText(sample.rows(), true), dump.data().get(SampleToc.TABLE_DATA_ID));
        assertEquals(List.of(SampleToc.LARGE_OBJECT_OID), List.copyOf(dump.largeObjects().keySet()));
        assertArrayEquals(SampleToc.LARGE_OBJECT_BYTES, dump.largeObjects().get(SampleToc.LARGE_OBJECT_OID));
    }

    static Toc expectedToc(Toc toc, boolean keepsRelkind) {
        if (keepsRelkind) {
            return toc;
        }
        return new Toc(toc.header(), toc.entries().stream().map(e -> new TocEntry(e.dumpId(), e.hasData(),
                e.tableOid(), e.oid(), e.tag(), e.desc(), e.section(), e.defn(), e.dropStmt(), e.copyStmt(),
                e.namespace(), e.tablespace(), e.tableAm(), '\0', e.owner(), e.dependencies())).toList());
    }

    private static void assertLargeObjectsEqual(Map<Long, byte[]> expected, Map<Long, byte[]> found) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(found.keySet()));
        expected.forEach((oid, bytes) -> assertArrayEquals(bytes, found.get(oid), "large object " + oid));
    }

    /**
     * The sample as pg_dump 17 shapes large objects (reference §5.5): BLOB METADATA entries whose defn lists the
     * OIDs, and one BLOBS entry per group.
     */
    static Toc groupedLargeObjectToc() {
        List<TocEntry> entries = new ArrayList<>();
        for (TocEntry e : new SampleToc(1, 1).toc().entries()) {
            if (e.desc().equals("BLOB")) {
                entries.add(blobMetadata(9, "91234..91235", "91234\n91235\n"));
            } else if (e.desc().equals("BLOBS")) {
                entries.add(blobs(12, "91234..91235", 9));
                entries.add(blobMetadata(14, "91240", "91240\n"));
                entries.add(blobs(15, "91240", 14));
            } else {
                entries.add(e);
            }
        }
        return new Toc(new SampleToc(1, 1).toc().header(), entries);
    }

    static Map<Integer, Map<Long, byte[]>> groupedLargeObjects() {
        Map<Long, byte[]> first = new LinkedHashMap<>();
        first.put(91234L, SampleToc.LARGE_OBJECT_BYTES);
        first.put(91235L, new byte[0]);
        Map<Long, byte[]> second = new LinkedHashMap<>();
        second.put(91240L, "a small one".getBytes());
        Map<Integer, Map<Long, byte[]>> all = new LinkedHashMap<>();
        all.put(12, first);
        all.put(15, second);
        assertFalse(all.isEmpty());
        return all;
    }

    private static TocEntry blobMetadata(int id, String tag, String oids) {
        return new TocEntry(id, false, "0", "0", tag, "BLOB METADATA", Section.DATA, oids, "-- dummy", null, null,
                null, null, '\0', "postgres", List.of());
    }

    private static TocEntry blobs(int id, String tag, int metadataId) {
        return new TocEntry(id, true, "0", "0", tag, "BLOBS", Section.DATA, null, null, null, null, null, null, '\0',
                "postgres", List.of(metadataId));
    }
}
