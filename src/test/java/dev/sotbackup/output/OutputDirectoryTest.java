package dev.sotbackup.output;

import static dev.sotbackup.output.OutputFileTest.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.SpecialFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory archive's output: built beside, put in place whole, refused for anything but a free name or an empty directory. */
class OutputDirectoryTest {

    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();

    @Test
    void aNewDirectoryAppearsOnlyWithTheCommitAndWithoutTheLockFile() throws Exception {
        Path target = dir.resolve("archive");
        try (OutputDirectory out = OutputDirectory.open(target, notes::add)) {
            Files.writeString(out.path().resolve("toc.dat"), "toc");
            assertEquals(1, names(dir).size(), names(dir).toString());
            assertTrue(Files.notExists(target));
            out.commit();
        }
        assertEquals(List.of("archive"), names(dir));
        assertEquals(List.of("toc.dat"), names(target));
    }

    @Test
    void anEmptyDirectoryIsFilledAndNothingIsLeftWithoutTheCommit() throws Exception {
        Path target = Files.createDirectory(dir.resolve("archive"));
        try (OutputDirectory out = OutputDirectory.open(target, notes::add)) {
            Files.writeString(out.path().resolve("toc.dat"), "half");
        }
        assertEquals(List.of("archive"), names(dir));
        assertEquals(List.of(), names(target));
        try (OutputDirectory out = OutputDirectory.open(target, notes::add)) {
            Files.writeString(out.path().resolve("toc.dat"), "toc");
            out.commit();
        }
        assertEquals(List.of("archive"), names(dir));
        assertEquals(List.of("toc.dat"), names(target));
    }

    @Test
    void aDeviceOrAFileOrANonEmptyDirectoryIsOneLine() throws Exception {
        Path device = SpecialFiles.nullDevice(dir.resolve("null"));
        Path file = Files.writeString(dir.resolve("file"), "mine");
        Path busy = Files.createDirectory(dir.resolve("busy"));
        Files.writeString(busy.resolve("keep"), "mine");

        assertEquals("could not create directory \"" + device + "\": it exists and is not a directory",
                assertThrows(IOException.class, () -> OutputDirectory.open(device, notes::add)).getMessage());
        assertEquals("could not create directory \"" + file + "\": it exists and is not a directory",
                assertThrows(IOException.class, () -> OutputDirectory.open(file, notes::add)).getMessage());
        assertEquals("could not create directory \"" + busy + "\": it exists and is not empty",
                assertThrows(IOException.class, () -> OutputDirectory.open(busy, notes::add)).getMessage());
        assertTrue(SpecialFiles.isCharacterDevice(device));
        assertEquals(List.of("busy", "file", "null"), names(dir));
    }
}
