package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.crypto.BlobId;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void fortyMibRestoreIdenticallyAndRepeatedOrSlightlyChangedBackupsAddLittle() throws Exception {
        byte[] data = RepoFixtures.rows(7, 40 * MIB);
        // 1 % of the rows changed, in five clusters (as updates of recently edited objects are).
        int rows = countRows(data);
        int clusterRows = rows / 500;
        byte[] changed = RepoFixtures.rows(7, 40 * MIB, i -> (i % (rows / 5)) < clusterRows);
        Backend backend = RepoFixtures.local(dir);
        // Chunk boundaries follow the repository's random seed; a fixed one makes "adds little" the same every run.
        try (Repository repository = RepoFixtures.initWithChunkerSeed(backend, 20261208L)) {
            RepoFixtures.Backup first = RepoFixtures.backup(repository, "netbox-1", data);
            assertArrayEquals(data, RepoFixtures.restore(repository, first.id()));
            assertEquals(data.length + tocLength("netbox-1"), first.stats().bytesProcessed());

            RepoFixtures.Backup again = RepoFixtures.backup(repository, "netbox-1", data);
            assertTrue(again.stats().bytesAdded() <= first.stats().bytesAdded() / 100,
                    "identical backup added " + again.stats().bytesAdded() + " of " + first.stats().bytesAdded());

            RepoFixtures.Backup third = RepoFixtures.backup(repository, "netbox-1", changed);
            assertTrue(third.stats().bytesAdded() <= first.stats().bytesAdded() * 5 / 100,
                    "1 % changed rows added " + third.stats().bytesAdded() + " of " + first.stats().bytesAdded());
            assertArrayEquals(changed, RepoFixtures.restore(repository, third.id()));
            assertArrayEquals(data, RepoFixtures.restore(repository, first.id()));
        }
        try (Repository reopened = RepoFixtures.open(backend)) {
            assertEquals(3, reopened.snapshots().size());
            assertArrayEquals(changed, RepoFixtures.restore(reopened, reopened.resolveSnapshot("latest")));
            assertTrue(reopened.check(true).ok(), reopened.check(true).problems().toString());
            Stats stats = reopened.stats();
            assertEquals(3, stats.snapshots());
            assertTrue(stats.dedupRatio() > 2.5, "dedup ratio " + stats.dedupRatio());
        }
    }

    @Test
    void backupAndRestoreOverS3() throws Exception {
        byte[] data = RepoFixtures.rows(11, 6 * MIB);
        Backend backend = RepoFixtures.s3();
        try (Repository repository = RepoFixtures.init(backend)) {
            RepoFixtures.Backup backup = RepoFixtures.backup(repository, "netbox-s3", data);
            assertArrayEquals(data, RepoFixtures.restore(repository, backup.id()));
        }
        try (Repository reopened = RepoFixtures.open(backend)) {
            SnapshotId id = reopened.resolveSnapshot("latest");
            assertArrayEquals(data, RepoFixtures.restore(reopened, id));
            CheckReport report = reopened.check(true);
            assertTrue(report.ok(), report.problems().toString());
            assertTrue(report.packsChecked() > 1);
            assertTrue(backend.list("").stream().noneMatch(n -> n.startsWith("locks/")), "lock left behind");
        }
    }

    @Test
    void noRepositoryFileContainsThePlaintext() throws Exception {
        byte[] marker = "MARKER-d3adb33f-plaintext-must-not-leak".getBytes(StandardCharsets.UTF_8);
        byte[] rows = RepoFixtures.rows(3, 2 * MIB);
        byte[] data = new byte[rows.length + marker.length * 3];
        System.arraycopy(marker, 0, data, 0, marker.length);
        System.arraycopy(rows, 0, data, marker.length, rows.length);
        System.arraycopy(marker, 0, data, marker.length + rows.length, marker.length);
        System.arraycopy(marker, 0, data, 2 * marker.length + rows.length, marker.length);
        try (Repository repository = RepoFixtures.init(RepoFixtures.local(dir))) {
            RepoFixtures.backup(repository, "MARKER-d3adb33f-plaintext-must-not-leak", data);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 5, files.toString());
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            assertFalse(contains(content, marker), file + " contains the marker");
            assertFalse(contains(content, "dcim_device".getBytes(StandardCharsets.UTF_8)), file + " holds TOC text");
        }
    }

    @Test
    void snapshotsAreFoundByUniquePrefixOrLatestAndAmbiguityIsOneLine() throws Exception {
        try (Repository repository = RepoFixtures.init(RepoFixtures.local(dir))) {
            RepoFixtures.Backup a = RepoFixtures.backup(repository, "host-a", RepoFixtures.rows(1, 100_000));
            RepoFixtures.Backup b = RepoFixtures.backup(repository, "host-b", RepoFixtures.rows(2, 100_000));
            assertEquals("host-a", repository.loadSnapshot(repository.resolveSnapshot(
                    a.id().toString().substring(0, 6))).hostname());
            // Two hosts' snapshots without a deployment: latest never picks across them silently.
            RepositoryException ambiguous = assertThrows(RepositoryException.class,
                    () -> repository.resolveSnapshot("latest"));
            assertTrue(ambiguous.getMessage().contains("latest is ambiguous: snapshots of host host-a (newest "
                    + a.id().shortId() + "), host host-b"), ambiguous.getMessage());
            assertFalse(ambiguous.getMessage().contains("\n"));
            assertEquals(b.id(), repository.resolveSnapshot(new SnapshotQuery("latest",
                    new SnapshotFilter(List.of(), List.of("host-b"), List.of(), null), null)));
            assertEquals(b.id(), repository.resolveSnapshot(b.id().toString()));
            assertThrows(RepositoryException.class, () -> repository.resolveSnapshot("abc"));
            List<SnapshotInfo> infos = repository.snapshots();
            assertEquals(List.of("postgres/netbox"), infos.getFirst().components());
            assertEquals(a.stats().bytesProcessed(), repository.loadSnapshot(a.id()).summary().bytesProcessed());
            // Ambiguity: with enough snapshots, two share a first hex digit... so use the empty-ish prefix of 4
            // digits only when it clashes; here check the message form on a prefix that matches nothing.
            RepositoryException none = assertThrows(RepositoryException.class, () -> repository.resolveSnapshot("0000"
                    .equals(a.id().toString().substring(0, 4)) ? "ffff" : "0000"));
            assertFalse(none.getMessage().contains("\n"));
        }
    }

    @Test
    void blobsReadBackSingly() throws Exception {
        try (Repository repository = RepoFixtures.init(RepoFixtures.local(dir));
             BackupSession session = repository.startBackup("h", 1)) {
            byte[] doc = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);
            BlobId id = session.storeTree(doc);
            session.commit(new Snapshot(Instant.now(), "h", "u", "t", List.of(), null,
                    List.of(new Component("x", RepoFixtures.postgresBody(List.of(id),
                            new StreamResult(List.of(), 0))))));
            assertArrayEquals(doc, repository.readBlob(id));
            try (InputStream in = repository.openBlobs(List.of(id, id))) {
                assertEquals("{\"a\": 1}{\"a\": 1}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static int countRows(byte[] data) {
        int n = 0;
        for (byte b : data) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static int tocLength(String hostname) {
        return ("[{\"dumpId\": 1, \"tag\": \"dcim_device\", \"host\": \"" + hostname + "\"}]").length();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
