package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.repository.backend.Backend;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentBackupAndPruneTest {
    @TempDir
    Path dir;

    @Test
    void twoConcurrentBackupsBothRestoreAndPruneAfterForgetKeepsTheOther() throws Exception {
        runOn(RepoFixtures.local(dir));
    }

    @Test
    void twoConcurrentBackupsBothRestoreAndPruneAfterForgetKeepsTheOtherOnS3() throws Exception {
        runOn(RepoFixtures.s3());
    }

    private static void runOn(Backend backend) throws Exception {
        byte[] shared = RepoFixtures.rows(21, 2 << 20);
        byte[] dataA = concat(shared, RepoFixtures.rows(22, 3 << 20));
        byte[] dataB = concat(shared, RepoFixtures.rows(23, 3 << 20));
        RepoFixtures.init(backend).close();
        RepoFixtures.Backup a;
        RepoFixtures.Backup b;
        // Two repository handles, as two processes would have.
        try (Repository first = RepoFixtures.open(backend); Repository second = RepoFixtures.open(backend)) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<RepoFixtures.Backup> fa = threads.submit(() -> RepoFixtures.backup(first, "host-a", dataA));
                Future<RepoFixtures.Backup> fb = threads.submit(() -> RepoFixtures.backup(second, "host-b", dataB));
                a = fa.get();
                b = fb.get();
            } finally {
                threads.shutdown();
            }
        }
        try (Repository repository = RepoFixtures.open(backend)) {
            assertArrayEquals(dataA, RepoFixtures.restore(repository, a.id()));
            assertArrayEquals(dataB, RepoFixtures.restore(repository, b.id()));
            CheckReport before = repository.check(true);
            assertTrue(before.ok(), before.problems().toString());

            // Forget host-a's snapshot (keep-last 1 over all hosts keeps only the newer one; pick by id instead).
            SnapshotInfo forgetMe = repository.snapshots().stream().filter(s -> s.id().equals(a.id()))
                    .findFirst().orElseThrow();
            ForgetResult dry = new RetentionPolicy(java.util.Map.of(RetentionPolicy.Period.LAST, 1), GroupBy.parse(""), java.time.ZoneOffset.UTC)
                    .apply(repository.snapshots(), true);
            assertEquals(1, dry.remove().size());
            backend.delete(ObjectPaths.snapshot(forgetMe.id().id()));

            PruneResult pruned = repository.prune();
            assertTrue(pruned.blobsRemoved() > 0, pruned.toString());
            assertTrue(pruned.bytesFreed() > 0, pruned.toString());
            assertEquals(1, backend.list("index/").size());
            assertArrayEquals(dataB, RepoFixtures.restore(repository, b.id()));
            CheckReport after = repository.check(true);
            assertTrue(after.ok(), after.problems().toString());
            assertTrue(after.notes().isEmpty(), after.notes().toString());
            // Pruning again finds nothing to do.
            assertEquals(new PruneResult(0, 0, 0, 0, 0, 0), repository.prune());
        }
        try (Repository reopened = RepoFixtures.open(backend)) {
            assertArrayEquals(dataB, RepoFixtures.restore(reopened, b.id()));
            assertEquals(List.of(b.id()), reopened.snapshots().stream().map(SnapshotInfo::id).toList());
        }
    }

    @Test
    void forgetDeletesWhatThePolicyDoesNotKeepUnlessDryRun() throws Exception {
        try (Repository repository = RepoFixtures.init(RepoFixtures.local(dir))) {
            for (int i = 0; i < 3; i++) {
                RepoFixtures.backup(repository, "h", RepoFixtures.rows(i, 50_000));
            }
            RetentionPolicy keepOne = RetentionPolicy.none().withKeep(RetentionPolicy.Period.LAST, 1);
            ForgetResult dry = repository.forget(keepOne, true);
            assertEquals(2, dry.remove().size());
            assertEquals(3, repository.snapshots().size());
            ForgetResult real = repository.forget(keepOne, false);
            assertEquals(dry.remove(), real.remove());
            assertEquals(1, repository.snapshots().size());
            assertTrue(repository.check(false).ok());
            repository.prune();
            assertTrue(repository.check(true).ok());
        }
    }

    @Test
    void aSnapshotLockedAfterAnotherProcessPrunedReadsThePacksThePruneLeft() throws Exception {
        Backend backend = RepoFixtures.local(dir);
        byte[] old = RepoFixtures.rows(41, 4 << 20);
        // A quarter of the rows changed, in clusters: the old snapshot's packs mix blobs both need with blobs
        // only it needs, so forgetting it makes prune rewrite packs the kept snapshot reads.
        byte[] kept = RepoFixtures.rows(41, 4 << 20, i -> (i / 400) % 4 == 0);
        RepoFixtures.Backup forgotten;
        RepoFixtures.Backup keep;
        try (Repository writer = RepoFixtures.init(backend)) {
            forgotten = RepoFixtures.backup(writer, "h", old);
            keep = RepoFixtures.backup(writer, "h", kept);
        }
        // The reader opens (and loads the index) before the prune, as restore did before it locked.
        try (Repository reader = RepoFixtures.open(backend); Repository pruner = RepoFixtures.open(backend)) {
            backend.delete(ObjectPaths.snapshot(forgotten.id().id()));
            PruneResult pruned = pruner.prune();
            assertTrue(pruned.packsRepacked() > 0, pruned.toString());

            try (LockedSnapshot locked = reader.lockSnapshot(SnapshotQuery.of(keep.id().shortId()))) {
                assertEquals(keep.id(), locked.id());
                assertArrayEquals(kept, RepoFixtures.restore(reader, locked.id()));
            }
        }
    }

    @Test
    void pruneRefusesWhileABackupHoldsItsLock() throws Exception {
        Backend backend = RepoFixtures.local(dir);
        try (Repository repository = RepoFixtures.init(backend);
             BackupSession session = repository.startBackup("busy", 1)) {
            RepositoryException e = assertThrows(RepositoryException.class, repository::prune);
            assertTrue(e.getMessage().contains("is locked"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertEquals(0, repository.unlock(), "a live lock is not stale");
            session.hostname();
        }
        assertTrue(backend.list("locks/").isEmpty());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
