package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.repository.backend.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckTest {
    @TempDir
    Path dir;
    private Backend backend;

    @BeforeEach
    void backUpSomething() throws Exception {
        backend = RepoFixtures.local(dir);
        try (Repository repository = RepoFixtures.init(backend)) {
            RepoFixtures.backup(repository, "netbox", RepoFixtures.rows(5, 3 << 20));
        }
    }

    @Test
    void freshRepositoryPassesWithAndWithoutReadData() throws Exception {
        try (Repository repository = RepoFixtures.open(backend)) {
            CheckReport quick = repository.check(false);
            assertTrue(quick.ok(), quick.problems().toString());
            CheckReport full = repository.check(true);
            assertTrue(full.ok(), full.problems().toString());
            assertTrue(full.packsChecked() >= 2);
            assertEquals(1, full.snapshotsChecked());
            assertTrue(full.notes().isEmpty(), full.notes().toString());
        }
    }

    @Test
    void flippedPackByteIsReportedByReadDataOnlyAndNamesThePack() throws Exception {
        String pack = backend.list("data/").getFirst();
        flipByte(pack, 100);
        try (Repository repository = RepoFixtures.open(backend)) {
            assertTrue(repository.check(false).ok());
            assertOnlyBlames(repository.check(true), pack);
        }
    }

    @Test
    void flippedIndexByteIsReportedWithAndWithoutReadData() throws Exception {
        String index = backend.list("index/").getFirst();
        flipByte(index, 40);
        try (Repository repository = RepoFixtures.open(backend)) {
            assertOnlyBlames(repository.check(false), index);
            assertOnlyBlames(repository.check(true), index);
        }
    }

    @Test
    void flippedSnapshotByteIsReportedWithAndWithoutReadData() throws Exception {
        String snapshot = backend.list("snapshots/").getFirst();
        flipByte(snapshot, 30);
        try (Repository repository = RepoFixtures.open(backend)) {
            assertOnlyBlames(repository.check(false), snapshot);
            assertOnlyBlames(repository.check(true), snapshot);
        }
    }

    @Test
    void missingPackIsReportedWithoutReadData() throws Exception {
        String pack = backend.list("data/").getFirst();
        backend.delete(pack);
        try (Repository repository = RepoFixtures.open(backend)) {
            CheckReport report = repository.check(false);
            assertFalse(report.ok());
            assertTrue(report.problems().stream().anyMatch(p -> p.startsWith(pack + ": missing")),
                    report.problems().toString());
        }
    }

    @Test
    void packTruncatedTo100BytesIsReportedWithoutReadData() throws Exception {
        String pack = backend.list("data/").getFirst();
        truncate(pack, 100);
        try (Repository repository = RepoFixtures.open(backend)) {
            CheckReport report = repository.check(false);
            assertOnlyBlames(report, pack);
            assertTrue(report.problems().getFirst().startsWith(pack + ": truncated: 100 bytes, but the index places "
                    + "blobs up to byte "), report.problems().toString());
        }
    }

    @Test
    void packShortOfItsLastByteOrWithBytesAppendedIsReportedWithoutReadData() throws Exception {
        List<String> packs = backend.list("data/");
        Path shortened = dir.resolve(packs.get(0));
        truncate(packs.get(0), Files.size(shortened) - 1);
        Files.write(dir.resolve(packs.get(1)), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        try (Repository repository = RepoFixtures.open(backend)) {
            CheckReport report = repository.check(false);
            assertEquals(Set.of(packs.get(0), packs.get(1)), blamed(report), report.problems().toString());
            assertEquals(packs.size(), report.packsSized());
            assertEquals(0, report.packsChecked());
        }
    }

    @Test
    void readDataSubsetReadsOneSliceOfThePacksAndTheSlicesTogetherReadEachOnce() throws Exception {
        List<String> packs = backend.list("data/");
        String pack = packs.get(packs.size() / 2);
        flipByte(pack, 100); // the size stays: only reading the pack finds it
        try (Repository repository = RepoFixtures.open(backend)) {
            int read = 0;
            int blaming = 0;
            for (int n = 1; n <= 3; n++) {
                CheckReport report = repository.check(new DataSubset.Slice(n, 3));
                read += report.packsChecked();
                if (!report.ok()) {
                    assertOnlyBlames(report, pack);
                    blaming++;
                }
            }
            assertEquals(1, blaming, "the slice holding " + pack);
            assertEquals(packs.size(), read);
            assertEquals(packs.size(), repository.check(DataSubset.parse("100%")).packsChecked());
            assertEquals(1, repository.check(DataSubset.parse("0.1%")).packsChecked(), "at least one pack");
            assertEquals(Math.round(packs.size() * 0.5), repository.check(DataSubset.parse("50%")).packsChecked());
        }
    }

    @Test
    void readDataSubsetTakesNOfMOrAPercentage() {
        assertEquals(new DataSubset.Slice(2, 7), DataSubset.parse("2/7"));
        for (String bad : List.of("0/7", "8/7", "1/257", "0%", "101%", "x%", "1/x", "5", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSubset.parse(bad));
            assertTrue(e.getMessage().startsWith("--read-data-subset "), e.getMessage());
        }
    }

    private static void assertOnlyBlames(CheckReport report, String path) {
        assertFalse(report.ok(), "check passed despite the flip in " + path);
        assertEquals(Set.of(path), blamed(report), report.problems().toString());
        report.problems().forEach(p -> assertFalse(p.contains("\n"), p));
    }

    private static Set<String> blamed(CheckReport report) {
        return report.problems().stream().map(p -> p.substring(0, p.indexOf(':'))).collect(Collectors.toSet());
    }

    private void truncate(String name, long size) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(dir.resolve(name),
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private void flipByte(String name, int offset) throws IOException {
        Path file = dir.resolve(name);
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.min(offset, bytes.length - 1)] ^= 0x01;
        Files.write(file, bytes);
    }

    @SuppressWarnings("unused")
    private static List<String> lines(CheckReport report) {
        return report.problems();
    }
}
