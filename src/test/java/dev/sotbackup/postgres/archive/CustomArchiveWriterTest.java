package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CustomArchiveWriterTest {

    private static TestServer server;

    @TempDir
    Path directory;

    @BeforeAll
    static void startServer() {
        server = PostgresServers.embedded(15);
    }

    @Test
    void gzipArchiveIsListedAndRestoredByStockPgRestore() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        SampleToc sample = new SampleToc(50, 1);
        Path archive = directory.resolve("sample.dump");

        ArchiveFormat.CUSTOM.write(sample.contents(), archive, null, ArchiveWriterOptions.defaults(), note -> { });

        RestoreChecks.assertListsEveryEntry(pgRestore, archive, sample);
        RestoreChecks.assertRestoresExactly(server, pgRestore, archive, sample);
        assertOnlyFiles("sample.dump");
    }

    @Test
    void uncompressedArchiveRestores() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        SampleToc sample = new SampleToc(50, 1);
        Path archive = directory.resolve("plain.dump");

        ArchiveFormat.CUSTOM.write(sample.contents(), archive, null,
                ArchiveWriterOptions.defaults().withCompressionLevel(0), note -> { });

        String listing = Oracles.run(true, List.of(pgRestore.toString(), "-l", archive.toString())).stdout();
        assertEquals(true, listing.contains("Compression: 0"), listing);
        RestoreChecks.assertRestoresExactly(server, pgRestore, archive, sample);
    }

    @Test
    void threePartTableProducedByTwoJobsRestoresSeriallyAndInParallel() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        SampleToc sample = new SampleToc(20_000, 3);
        Path archive = directory.resolve("parts.dump");

        ArchiveFormat.CUSTOM.write(sample.contents(), archive, null,
                ArchiveWriterOptions.defaults().withJobs(2).withCompressionLevel(1), note -> { });

        RestoreChecks.assertListsEveryEntry(pgRestore, archive, sample);
        RestoreChecks.assertRestoresExactly(server, pgRestore, archive, sample);
        RestoreChecks.assertRestoresExactly(server, pgRestore, archive, sample, "-j", "2");
        assertOnlyFiles("parts.dump");
    }

    @Test
    void tinySpillBudgetStillCompletesInArchiveOrder() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        SampleToc sample = new SampleToc(3_000, 3);
        Path archive = directory.resolve("budget.dump");

        ArchiveFormat.CUSTOM.write(sample.contents(), archive, null,
                ArchiveWriterOptions.defaults().withJobs(3).withSpillBudget(1), note -> { });

        RestoreChecks.assertRestoresExactly(server, pgRestore, archive, sample);
    }

    @Test
    void streamedArchiveWithoutOffsetsRestoresFromFileAndInParallel() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        SampleToc sample = new SampleToc(2_000, 3);
        Path archive = directory.resolve("streamed.dump");
        Path spill = Files.createDirectory(directory.resolve("spill"));

        try (OutputStream out = Files.newOutputStream(archive)) {
            ArchiveFormat.CUSTOM.write(sample.contents(), null, out,
                    ArchiveWriterOptions.defaults().withJobs(2).withSpillDirectory(spill), note -> { });
        }

        RestoreChecks.assertListsEveryEntry(pgRestore, archive, sample);
        RestoreChecks.assertRestoresExactly(server, pgRestore, archive, sample, "-j", "2");
        try (Stream<Path> left = Files.list(spill)) {
            assertEquals(List.of(), left.toList(), "spill files left behind");
        }
    }

    @Test
    void contentsThatCannotBeReadConcurrentlyAreWrittenOnePartAtATime() throws Exception {
        SampleToc sample = new SampleToc(3_000, 3);
        Path archive = directory.resolve("in-order.dump");
        Set<String> readers = ConcurrentHashMap.newKeySet();

        ArchiveFormat.CUSTOM.write(sample.contentsReadInOrder(readers), archive, null,
                ArchiveWriterOptions.defaults().withJobs(3), note -> { });

        assertEquals(Set.of(Thread.currentThread().getName()), readers, "every part read by the writing thread");
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            ArchiveReaderRoundTripTest.assertSampleReadsBack(sample, contents, false);
        }
        assertOnlyFiles("in-order.dump");
    }

    private void assertOnlyFiles(String... names) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(names), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
