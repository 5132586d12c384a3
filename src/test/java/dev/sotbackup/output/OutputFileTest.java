package dev.sotbackup.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.SpecialFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which outputs are replaced through a temporary file and which are written in place, and what is left beside. */
class OutputFileTest {

    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();

    @Test
    void aRegularFileIsReplacedOnlyByTheCommit() throws Exception {
        Path target = Files.writeString(dir.resolve("out.dump"), "previous");
        try (OutputFile out = OutputFile.open(target, notes::add)) {
            assertTrue(out.seekable());
            out.stream().write(bytes("complete"));
            assertEquals("previous", Files.readString(target), "nothing under the final name before the commit");
            assertEquals(2, names(dir).size(), "the temporary sibling: " + names(dir));
            out.commit();
        }
        assertEquals("complete", Files.readString(target));
        assertEquals(List.of("out.dump"), names(dir));
    }

    @Test
    void anOutputClosedWithoutCommitKeepsThePreviousFileAndLeavesNothingBeside() throws Exception {
        Path target = Files.writeString(dir.resolve("out.dump"), "previous");
        try (OutputFile out = OutputFile.open(target, notes::add)) {
            out.stream().write(bytes("half an archive"));
        }
        assertEquals("previous", Files.readString(target));
        assertEquals(List.of("out.dump"), names(dir));
    }

    @Test
    void aCharacterDeviceIsWrittenInPlaceAndStaysADevice() throws Exception {
        Path device = SpecialFiles.nullDevice(dir.resolve("null"));
        try (OutputFile out = OutputFile.open(device, notes::add)) {
            assertFalse(out.seekable(), "a device cannot take a rewritten TOC");
            out.stream().write(bytes("discarded"));
            out.commit();
        }
        assertTrue(SpecialFiles.isCharacterDevice(device), "still a character device");
        assertEquals(List.of("null"), names(dir), "nothing created beside the device");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFifoIsWrittenInPlaceAndItsReaderGetsEveryByte() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("pipe"));
        byte[] content = new byte[1 << 20];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (OutputFile out = OutputFile.open(fifo, notes::add)) {
            out.stream().write(content);
            out.commit();
        }
        assertArrayEquals(content, read.get(30, TimeUnit.SECONDS));
        assertTrue(SpecialFiles.isFifo(fifo), "still a FIFO");
        assertEquals(List.of("pipe"), names(dir));
    }

    @Test
    void aDirectoryIsOneLine() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("archive"));
        IOException refused = assertThrows(IOException.class, () -> OutputFile.open(directory, notes::add));
        assertEquals("could not open output file \"" + directory + "\": Is a directory", refused.getMessage());
        assertEquals(List.of("archive"), names(dir));
    }

    @Test
    void aMissingParentDirectoryIsOneLine() {
        Path target = dir.resolve("no/such/out.dump");
        IOException refused = assertThrows(IOException.class, () -> OutputFile.open(target, notes::add));
        assertEquals("could not open output file \"" + target + "\": No such file or directory",
                refused.getMessage());
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws Exception {
        Path real = Files.writeString(Files.createDirectory(dir.resolve("real")).resolve("out.dump"), "previous");
        Path link = Files.createSymbolicLink(dir.resolve("out.dump"), Path.of("real", "out.dump"));
        Path dangling = Files.createSymbolicLink(dir.resolve("new.dump"), Path.of("real", "new.dump"));
        for (Path target : List.of(link, dangling)) {
            try (OutputFile out = OutputFile.open(target, notes::add)) {
                out.stream().write(bytes("through " + target.getFileName()));
                out.commit();
            }
            assertTrue(Files.isSymbolicLink(target), target + " is still a link");
        }
        assertEquals("through out.dump", Files.readString(real));
        assertEquals("through new.dump", Files.readString(dir.resolve("real/new.dump")));
        assertEquals(List.of("new.dump", "out.dump"), names(dir.resolve("real")));
    }

    @Test
    void aNewFileIsPrivateAndAReplacedOneKeepsItsPermissions() throws Exception {
        Path created = dir.resolve("new.dump");
        Path existing = Files.writeString(dir.resolve("shared.dump"), "previous");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r-----"));
        for (Path target : List.of(created, existing)) {
            try (OutputFile out = OutputFile.open(target, notes::add)) {
                out.commit();
            }
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
    }

    @Test
    void spillFilesGoBesideAFileAndIntoTheTemporaryDirectoryForADevice() throws Exception {
        Path device = SpecialFiles.nullDevice(dir.resolve("null"));
        try (OutputFile file = OutputFile.open(dir.resolve("out.dump"), notes::add);
             RunFiles.Owned spill = file.createSpillDirectory(null)) {
            assertEquals(dir.toRealPath(), spill.path().getParent().toRealPath());
            assertTrue(spill.path().getFileName().toString().matches("\\.out\\.dump\\.sot-\\d+-\\d+\\.spill"),
                    spill.path().toString());
        }
        Path spillPath;
        try (OutputFile out = OutputFile.open(device, notes::add);
             RunFiles.Owned spill = out.createSpillDirectory(null)) {
            spillPath = spill.path();
            assertEquals(RunFiles.temporaryDirectory(), spillPath.getParent());
        }
        assertFalse(Files.exists(spillPath, LinkOption.NOFOLLOW_LINKS), "the spill directory is removed");
        assertEquals(List.of("null"), names(dir));
    }

    static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
