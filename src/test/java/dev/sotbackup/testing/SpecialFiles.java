package dev.sotbackup.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Device nodes and FIFOs for output tests. A test gets its own null device (character device 1,3, what /dev/null
 * is) in its temporary directory rather than the machine's /dev/null: a regression that replaced the target would
 * otherwise break /dev/null for every process on the machine.
 */
public final class SpecialFiles {

    private SpecialFiles() {
    }

    /** A character device 1,3 at {@code path}; the test is skipped where mknod is not permitted (no CAP_MKNOD). */
    public static Path nullDevice(Path path) throws IOException, InterruptedException {
        assumeTrue(run("mknod", path.toString(), "c", "1", "3"), "mknod is not permitted here: no device to write to");
        return path;
    }

    /** A FIFO at {@code path}; skipped where mkfifo is missing. */
    public static Path fifo(Path path) throws IOException, InterruptedException {
        assumeTrue(run("mkfifo", path.toString()), "mkfifo is not available");
        return path;
    }

    public static boolean isCharacterDevice(Path path) throws IOException {
        return fileType(path) == 0020000;
    }

    public static boolean isFifo(Path path) throws IOException {
        return fileType(path) == 0010000;
    }

    /** The S_IFMT bits of the path itself (links not followed). */
    private static int fileType(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
    }

    /** A PID that was a process a moment ago and is none now. */
    public static long deadPid() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("true").start();
        process.waitFor(30, TimeUnit.SECONDS);
        long pid = process.pid();
        assumeTrue(ProcessHandle.of(pid).isEmpty(), "the PID of an exited process was reused at once");
        return pid;
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
