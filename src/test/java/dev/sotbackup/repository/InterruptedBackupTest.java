package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.repository.backend.Backend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptedBackupTest {
    private static final long SEED = 31;
    private static final int MIB = 24;

    @TempDir
    Path dir;

    @Test
    void killedBackupsLeaveACheckableRepositoryAndTheNextBackupResumes() throws Exception {
        Backend backend = RepoFixtures.local(dir);
        RepoFixtures.init(backend).close();

        for (int killAt : new int[] {6, 14}) {
            runChildAndKillAt(killAt);
            try (Repository repository = RepoFixtures.open(backend)) {
                CheckReport report = repository.check(true);
                assertTrue(report.ok(), "after kill at " + killAt + " MiB: " + report.problems());
                assertTrue(repository.snapshots().isEmpty(), "a killed backup committed a snapshot");
            }
        }
        assertTrue(backend.list("data/").size() > 5, "the killed children uploaded hardly anything");

        byte[] data = RepoFixtures.rows(SEED, MIB << 20);
        // The second child removed the first's lock when it locked; its own is left.
        assertEquals(1, backend.list("locks/").size(), "the last killed child's lock");
        try (Repository repository = RepoFixtures.open(backend)) {
            RepoFixtures.Backup resumed = RepoFixtures.backup(repository, "child", data);
            assertEquals(0, backend.list("locks/").size(), "the next run removes the locks of killed processes");
            assertArrayEquals(data, RepoFixtures.restore(repository, resumed.id()));
            Stats stats = repository.stats();
            assertTrue(resumed.stats().bytesAdded() < stats.storedBytes() * 0.75,
                    "resumed backup uploaded " + resumed.stats().bytesAdded() + " of " + stats.storedBytes());
            CheckReport report = repository.check(true);
            assertTrue(report.ok(), report.problems().toString());
            assertTrue(report.notes().isEmpty(), "packs left unindexed: " + report.notes());

            repository.prune();
            assertArrayEquals(data, RepoFixtures.restore(repository, resumed.id()));
            assertTrue(repository.check(true).ok());
        }
        assertEquals(0, backend.list("locks/").size());
    }

    private void runChildAndKillAt(int mib) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), BackupChild.class.getName(),
                dir.toString(), Long.toString(SEED), Integer.toString(MIB));
        builder.environment().put(BackupChild.PASSWORD_ENV, new String(RepoFixtures.PASSWORD));
        builder.redirectErrorStream(true);
        Process child = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("progress " + mib)) {
                    child.destroyForcibly();
                    break;
                }
                if (line.equals("done")) {
                    throw new AssertionError("child finished before the kill point");
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    }
}
