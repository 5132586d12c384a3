package dev.sotbackup.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFilesTest {

    @TempDir
    Path dir;

    @Test
    void devZeroIsRefusedInOneLineNamingItWithoutReadingIt() {
        UserFileException e = assertThrows(UserFileException.class,
                () -> UserFiles.firstLine(Path.of("/dev/zero"), UserFiles.SECRET, "--password-file"));
        assertEquals("--password-file \"/dev/zero\" is not a regular file", e.getMessage());
    }

    @Test
    void aFileOverItsLimitIsRefusedAndOneAtItsLimitIsRead() throws IOException {
        Path big = Files.write(dir.resolve("big"), new byte[UserFiles.SECRET.bytes() + 1]);
        UserFileException e = assertThrows(UserFileException.class,
                () -> UserFiles.readBytes(big, UserFiles.SECRET, "--password-file"));
        assertEquals("--password-file \"" + big + "\" is larger than 64 KiB; is it the right file?", e.getMessage());

        Path exact = Files.write(dir.resolve("exact"), new byte[UserFiles.SECRET.bytes()]);
        assertEquals(UserFiles.SECRET.bytes(), UserFiles.readBytes(exact, UserFiles.SECRET, "key file").length);
    }

    @Test
    void aPipeIsReadWithTheSameBound() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(fifo, "s3cret\nsecond line\n"));
        assertEquals("s3cret", UserFiles.firstLine(fifo, UserFiles.SECRET, "--password-file"));
        writer.get(10, TimeUnit.SECONDS);

        // A writer that never stops (yes > fifo) is cut off at the bound, not read into memory.
        CompletableFuture<Void> endless = CompletableFuture.runAsync(() -> write(fifo, "y\n".repeat(100_000)));
        UserFileException e = assertThrows(UserFileException.class,
                () -> UserFiles.readString(fifo, UserFiles.SECRET, "--password-file"));
        assertTrue(e.getMessage().contains("is larger than 64 KiB"), e.getMessage());
        endless.handle((ok, broken) -> null).get(10, TimeUnit.SECONDS); // it fails on the closed pipe
    }

    @Test
    void missingFilesDirectoriesAndOtherTextsAreOneLine() throws IOException {
        UserFileException missing = assertThrows(UserFileException.class,
                () -> UserFiles.readString(dir.resolve("absent.yml"), UserFiles.CONFIG, "deployment file"));
        assertEquals("deployment file \"" + dir.resolve("absent.yml") + "\" does not exist", missing.getMessage());
        UserFileException directory = assertThrows(UserFileException.class,
                () -> UserFiles.readString(dir, UserFiles.CONFIG, "env file"));
        assertEquals("env file \"" + dir + "\" is a directory", directory.getMessage());
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'p', (byte) 0xe9});
        UserFileException binary = assertThrows(UserFileException.class,
                () -> UserFiles.readString(latin1, UserFiles.CONFIG, "env file"));
        assertFalse(binary.getMessage().contains("\n"));
        assertTrue(binary.getMessage().endsWith("is not UTF-8 text"), binary.getMessage());
    }

    @Test
    void firstLineDropsItsLineEnd() throws IOException {
        Path windows = Files.writeString(dir.resolve("pw"), "pass word\r\nignored\r\n");
        assertEquals("pass word", UserFiles.firstLine(windows, UserFiles.SECRET, "--password-file"));
        Path noNewline = Files.writeString(dir.resolve("pw2"), "only");
        assertEquals("only", UserFiles.firstLine(noNewline, UserFiles.SECRET, "--password-file"));
        assertArrayEquals(new byte[0], UserFiles.readBytes(Files.createFile(dir.resolve("empty")), UserFiles.SECRET,
                "--password-file"));
    }

    private static void write(Path fifo, String text) {
        try (OutputStream out = Files.newOutputStream(fifo)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
