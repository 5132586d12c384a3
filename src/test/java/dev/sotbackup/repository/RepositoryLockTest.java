package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.crypto.StorageIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks left by killed runs, locks of live processes here and elsewhere, and locks that vanish while listed. */
class RepositoryLockTest {
    @TempDir
    Path dir;
    private Backend backend;
    private Repository repository;
    private final List<String> notes = new ArrayList<>();
    private Process sleeper;

    @BeforeEach
    void createRepository() throws Exception {
        backend = RepoFixtures.local(dir);
        repository = RepoFixtures.init(backend, Reporter.only(Reporter.Level.NOTE, notes::add));
    }

    @AfterEach
    void stop() {
        repository.close();
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void theNextRunRemovesTheLockOfAProcessOfThisHostThatNoLongerRuns() throws Exception {
        String dead = plant(new LockInfo(Instant.now(), true, HostIdentity.hostname(), deadPid()));

        RepoFixtures.backup(repository, "h", RepoFixtures.rows(1, 10_000));

        assertFalse(backend.exists(dead), "the dead process's lock is still there");
        assertEquals(List.of(), backend.list("locks/"));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.getFirst().startsWith("removed the exclusive lock by " + HostIdentity.hostname() + " pid "),
                notes.toString());
        assertTrue(notes.getFirst().contains(dead + "): that process no longer runs on this host"), notes.toString());
    }

    @Test
    void aLockOfALiveProcessOfThisHostIsKeptAndStopsPruneUntilItEnds() throws Exception {
        String live = plant(new LockInfo(Instant.now(), false, HostIdentity.hostname(), livePid()));

        RepoFixtures.backup(repository, "h", RepoFixtures.rows(1, 10_000)); // shared locks do not conflict
        RepositoryException e = assertThrows(RepositoryException.class, repository::prune);

        assertTrue(backend.exists(live));
        assertTrue(e.getMessage().contains(" is locked: shared lock by " + HostIdentity.hostname() + " pid "
                + sleeper.pid()), e.getMessage());
        assertTrue(e.getMessage().endsWith("that process still runs on this host: wait for it to end"),
                e.getMessage());
        assertEquals(0, repository.unlock(), "a live process's lock is not stale");
        sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertEquals(new PruneResult(0, 0, 0, 0, 0, 0), repository.prune());
        assertFalse(backend.exists(live));
    }

    @Test
    void aFreshLockOfAnotherHostBlocksAndTheErrorNamesTheCommandThatRemovesIt() throws Exception {
        Instant time = Instant.now();
        String other = plant(new LockInfo(time, true, "backup-2", 4242));

        RepositoryException e = assertThrows(RepositoryException.class,
                () -> RepoFixtures.backup(repository, "h", RepoFixtures.rows(1, 10_000)));

        assertEquals("repository " + backend.describe() + " is locked: exclusive lock by backup-2 pid 4242 since "
                + time + " (" + other + "); if no sot-backup runs on backup-2 any more, remove the lock with: "
                + "sot-backup unlock --remove-all", e.getMessage());
        assertEquals(List.of(other), backend.list("locks/"), "our own lock is withdrawn, theirs kept");
        assertEquals(0, repository.unlock(), "not stale: another host's process may still run");
        assertEquals(1, repository.unlock(true));
        RepoFixtures.backup(repository, "h", RepoFixtures.rows(1, 10_000));
    }

    @Test
    void anExpiredLockOfAnotherHostIsIgnoredAndReportedWithTheCommandThatRemovesIt() throws Exception {
        Instant time = Instant.now().minus(Duration.ofMinutes(31));
        String expired = plant(new LockInfo(time, true, "backup-2", 4242));

        repository.prune();

        assertTrue(backend.exists(expired), "only its own host can tell that a process is gone");
        assertEquals(List.of("ignoring the stale exclusive lock by backup-2 pid 4242 since " + time + " (" + expired
                + "), not refreshed for 30 minutes; sot-backup unlock removes it"), notes);
        assertEquals(1, repository.unlock());
        assertEquals(List.of(), backend.list("locks/"));
    }

    @Test
    void locksVanishingWhilePruneListsThemAreGoneNotAFailure() throws Exception {
        // Released locks of other runs: 2000 of them deleted while prune lists and reads locks/.
        Path locks = Files.createDirectories(dir.resolve("locks"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            // Expired, so that those read before their deletion do not block the exclusive lock.
            byte[] stored = repository.envelope().encode(new LockInfo(Instant.now().minus(Duration.ofHours(1)),
                    false, "elsewhere", i).toJson());
            files.add(Files.write(locks.resolve(StorageIds.of(stored).toString()), stored));
        }
        Thread deleter = new Thread(() -> files.forEach(file -> file.toFile().delete()));
        deleter.start();
        try {
            repository.prune();
        } finally {
            deleter.join();
        }
        assertEquals(List.of(), backend.list("locks/"));
    }

    /** Stores a lock as another process would have written it. */
    private String plant(LockInfo info) throws Exception {
        byte[] stored = repository.envelope().encode(info.toJson());
        String name = ObjectPaths.lock(StorageIds.of(stored));
        backend.put(name, stored);
        return name;
    }

    /** The pid of a process that ran on this host and has ended. */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertFalse(process.toHandle().isAlive());
        return process.pid();
    }

    private long livePid() throws Exception {
        sleeper = new ProcessBuilder("sleep", "600").start();
        return sleeper.pid();
    }
}
