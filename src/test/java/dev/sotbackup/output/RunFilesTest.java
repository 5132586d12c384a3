package dev.sotbackup.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sotbackup.testing.SpecialFiles;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run removes of other runs' temporary and spill files: the dead ones' only. */
class RunFilesTest {

    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();
    private Process live;

    @BeforeEach
    void startALiveProcess() throws Exception {
        live = new ProcessBuilder("sleep", "300").start();
    }

    @AfterEach
    void stopIt() {
        live.destroyForcibly();
    }

    @Test
    void leftoversOfADeadRunAreRemovedWithANoteAndThoseOfALiveRunKept() throws Exception {
        long dead = SpecialFiles.deadPid();
        Path deadTemporary = Files.write(dir.resolve(".out.dump.sot-" + dead + "-1.tmp"), new byte[1000]);
        Path deadSpill = Files.createDirectory(dir.resolve(".out.dump.sot-" + dead + "-2.spill"));
        Files.write(deadSpill.resolve("part-0"), new byte[500]);
        Path liveTemporary = Files.write(dir.resolve(".out.dump.sot-" + live.pid() + "-1.tmp"), new byte[10]);
        Path otherOutput = Files.write(dir.resolve(".other.dump.sot-" + dead + "-1.tmp"), new byte[10]);
        Path notOurs = Files.write(dir.resolve(".out.dump.12345.tmp"), new byte[10]);

        RunFiles.removeDeadBeside(dir, "out.dump", notes::add);

        assertFalse(Files.exists(deadTemporary));
        assertFalse(Files.exists(deadSpill));
        assertTrue(Files.exists(liveTemporary), "a live process's file is left alone");
        assertTrue(Files.exists(otherOutput), "only leftovers of the output being written are judged");
        assertTrue(Files.exists(notOurs), "only names sot-backup makes are judged");
        assertEquals(List.of(
                "removed " + deadTemporary.getFileName() + " in " + dir + ", left by an interrupted run (pid " + dead
                        + "): 1000 bytes",
                "removed " + deadSpill.getFileName() + " in " + dir + ", left by an interrupted run (pid " + dead
                        + "): 500 bytes"), notes.stream().sorted().toList());
    }

    @Test
    void aLeftoverStillLockedByItsOwnerIsKeptWhateverItsPidSays() throws Exception {
        long dead = SpecialFiles.deadPid();
        Path locked = Files.write(dir.resolve(".out.dump.sot-" + dead + "-1.tmp"), new byte[10]);
        Path lockedDirectory = Files.createDirectory(dir.resolve(".out.dump.sot-" + dead + "-2.spill"));
        Path lockFile = Files.createFile(lockedDirectory.resolve(RunFiles.DIRECTORY_LOCK));
        // Another PID namespace, or a reused PID: the lock, taken here by another process, is what proves life.
        Process holder = holdLocks(locked, lockFile);
        try {
            RunFiles.removeDeadBeside(dir, "out.dump", notes::add);
            assertTrue(Files.exists(locked));
            assertTrue(Files.exists(lockedDirectory));
            assertEquals(List.of(), notes);
        } finally {
            holder.destroyForcibly().waitFor();
        }
        RunFiles.removeDeadBeside(dir, "out.dump", notes::add);
        assertFalse(Files.exists(locked), "removed once its owner is gone");
        assertFalse(Files.exists(lockedDirectory));
    }

    @Test
    void spillDirectoriesOfDeadRunsAreRemovedFromTheTemporaryDirectory() throws Exception {
        long dead = SpecialFiles.deadPid();
        Path deadSpill = Files.createDirectory(RunFiles.temporaryDirectory()
                .resolve(".archive.sot-" + dead + "-7.spill"));
        Path liveSpill = Files.createDirectory(RunFiles.temporaryDirectory()
                .resolve(".archive.sot-" + live.pid() + "-7.spill"));
        try {
            RunFiles.removeDeadSpills(notes::add);
            assertFalse(Files.exists(deadSpill));
            assertTrue(Files.exists(liveSpill));
            assertTrue(notes.contains("removed " + deadSpill.getFileName() + " in " + RunFiles.temporaryDirectory()
                    + ", left by an interrupted run (pid " + dead + "): 0 bytes"), notes.toString());
        } finally {
            Files.deleteIfExists(liveSpill);
            Files.deleteIfExists(deadSpill);
        }
    }

    @Test
    void aLeftoverThatCannotBeRemovedIsNamedWithTheCommandThatRemovesIt() throws Exception {
        long dead = SpecialFiles.deadPid();
        Path spill = Files.createDirectory(dir.resolve(".out.dump.sot-" + dead + "-1.spill"));
        Path part = Files.write(spill.resolve("part-0"), new byte[10]);
        // An immutable file cannot be deleted, not even by root.
        assumeTrue(run("chattr", "+i", part.toString()), "chattr +i is not permitted here");
        try {
            RunFiles.removeDeadBeside(dir, "out.dump", notes::add);
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.getFirst().startsWith("could not remove " + spill.getFileName() + " in " + dir
                    + ", left by an interrupted run (pid " + dead + ") ("), notes.getFirst());
            assertTrue(notes.getFirst().endsWith("; remove it with: rm -rf -- '" + spill + "'"), notes.getFirst());
        } finally {
            run("chattr", "-i", part.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    /** A child JVM that locks the files (as their owning run would) and waits to be killed. */
    private static Process holdLocks(Path... files) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), LockHolder.class.getName()));
        for (Path file : files) {
            command.add(file.toString());
        }
        Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
        String ready = new String(holder.getInputStream().readNBytes(6));
        assertEquals("locked", ready);
        return holder;
    }

    /** Test-only program: locks each file named and sleeps. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            List<FileLock> locks = new ArrayList<>();
            for (String file : args) {
                locks.add(FileChannel.open(Path.of(file), StandardOpenOption.WRITE).lock());
            }
            System.out.print("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
