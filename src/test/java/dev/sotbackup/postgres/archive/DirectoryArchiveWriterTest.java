package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DirectoryArchiveWriterTest {

    private static TestServer server;

    @TempDir
    Path directory;

    @BeforeAll
    static void startServer() {
        server = PostgresServers.embedded(15);
    }

    @Test
    void gzipDirectoryWithMultiPartTableRestoresSeriallyAndInParallel() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        SampleToc sample = new SampleToc(20_000, 3);
        Path archive = directory.resolve("dump");

        ArchiveFormat.DIRECTORY.write(sample.contents(), archive, null,
                ArchiveWriterOptions.defaults().withJobs(2), note -> { });

        assertEquals(List.of("10.dat.gz", "blob_91234.dat.gz", "blobs.toc", "toc.dat"), names(archive));
        assertEquals("91234 blob_91234.dat\n", Files.readString(archive.resolve("blobs.toc")));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive.resolve("10.dat.gz")))) {
            assertArrayEquals(SampleToc.copyText(sample.rows(), true), in.readAllBytes(),
                    "the joined gzip members must give the whole COPY stream");
        }
        RestoreChecks.assertListsEveryEntry(pgRestore, archive, sample);
        RestoreChecks.assertRestoresExactly(server, pgRestore, archive, sample);
        RestoreChecks.assertRestoresExactly(server, pgRestore, archive, sample, "-j", "2");
        assertEquals(List.of("dump"), names(directory), "no temporary directory left beside the archive");
    }

    @Test
    void contentsThatCannotBeReadConcurrentlyAreWrittenOnePartAtATime() throws Exception {
        SampleToc sample = new SampleToc(3_000, 3);
        Path archive = directory.resolve("in-order");
        Set<String> readers = ConcurrentHashMap.newKeySet();

        ArchiveFormat.DIRECTORY.write(sample.contentsReadInOrder(readers), archive, null,
                ArchiveWriterOptions.defaults().withJobs(3), note -> { });

        assertEquals(Set.of(Thread.currentThread().getName()), readers, "every part read by the writing thread");
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            ArchiveReaderRoundTripTest.assertSampleReadsBack(sample, contents, false);
        }
    }

    @Test
    void uncompressedDirectoryGoesIntoAnExistingEmptyDirectory() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        SampleToc sample = new SampleToc(100, 1);
        Path archive = Files.createDirectory(directory.resolve("empty"));

        ArchiveFormat.DIRECTORY.write(sample.contents(), archive, null,
                ArchiveWriterOptions.defaults().withCompressionLevel(0), note -> { });

        assertEquals(List.of("10.dat", "blob_91234.dat", "blobs.toc", "toc.dat"), names(archive));
        RestoreChecks.assertRestoresExactly(server, pgRestore, archive, sample);
        assertEquals(List.of("empty"), names(directory));
    }

    @Test
    void nonEmptyTargetDirectoryIsRefusedAndLeftAlone() throws Exception {
        SampleToc sample = new SampleToc(10, 1);
        Path archive = Files.createDirectory(directory.resolve("busy"));
        Files.writeString(archive.resolve("keep.txt"), "mine");

        IOException refused = assertThrows(IOException.class, () -> ArchiveFormat.DIRECTORY.write(
                sample.contents(), archive, null, ArchiveWriterOptions.defaults(), note -> { }));

        assertEquals("could not create directory \"" + archive + "\": it exists and is not empty",
                refused.getMessage());

        assertEquals(List.of("keep.txt"), names(archive));
        assertEquals(List.of("busy"), names(directory));
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
