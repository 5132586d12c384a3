package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static void assertOnlyBlames(CheckReport report, String path) {
        assertFalse(report.ok(), "check passed despite the flip in " + path);
        Set<String> blamed = report.problems().stream().map(p -> p.substring(0, p.indexOf(':')))
                .collect(Collectors.toSet());
        assertEquals(Set.of(path), blamed, report.problems().toString());
        report.problems().forEach(p -> assertFalse(p.contains("\n"), p));
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
