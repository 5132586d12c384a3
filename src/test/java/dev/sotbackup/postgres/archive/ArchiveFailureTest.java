package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.TestContents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A data part that fails mid-stream must leave nothing under the target name and no temporary files. */
class ArchiveFailureTest {

    @TempDir
    Path directory;

    private final SampleToc sample = new SampleToc(5_000, 3);

    /** The middle part of the table fails after writing some bytes; the others are fine. */
    private ArchiveContents failingContents() {
        return new TestContents(sample.toc(), entry -> {
            List<DataPart> parts = new java.util.ArrayList<>(sample.parts(entry));
            parts.set(1, SampleToc.failingPart());
            return parts;
        }, sample.largeObjects());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void customArchiveLeavesNothingBehind(int jobs) throws Exception {
        Path target = directory.resolve("out.dump");
        IOException failure = assertThrows(IOException.class, () ->
                ArchiveFormat.CUSTOM.write(failingContents(), target, null,
                ArchiveWriterOptions.defaults().withJobs(jobs), note -> { }));

        assertEquals("connection lost mid-COPY", failure.getMessage());
        assertEquals(List.of(), DirectoryArchiveWriterTest.names(directory));
    }

    @Test
    void failedCustomArchiveDoesNotReplaceAnExistingFile() throws Exception {
        Path target = directory.resolve("out.dump");
        Files.writeString(target, "previous dump");
        assertThrows(IOException.class, () -> ArchiveFormat.CUSTOM.write(failingContents(), target, null,
                ArchiveWriterOptions.defaults().withJobs(2), note -> { }));

        assertEquals("previous dump", Files.readString(target));
        assertEquals(List.of("out.dump"), DirectoryArchiveWriterTest.names(directory));
    }

    @Test
    void streamedCustomArchiveRemovesItsSpillFiles() throws Exception {
        Path spill = Files.createDirectory(directory.resolve("spill"));
        assertThrows(IOException.class, () ->
                ArchiveFormat.CUSTOM.write(failingContents(), null, new ByteArrayOutputStream(),
                ArchiveWriterOptions.defaults().withJobs(3).withSpillDirectory(spill), note -> { }));

        assertEquals(List.of(), DirectoryArchiveWriterTest.names(spill));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void directoryArchiveLeavesNothingBehind(int jobs) throws Exception {
        Path target = directory.resolve("out");
        assertThrows(IOException.class, () -> ArchiveFormat.DIRECTORY.write(failingContents(), target, null,
                ArchiveWriterOptions.defaults().withJobs(jobs), note -> { }));

        assertEquals(List.of(), DirectoryArchiveWriterTest.names(directory));
    }

    @Test
    void directoryArchiveLeavesAnExistingEmptyDirectoryEmpty() throws Exception {
        Path target = Files.createDirectory(directory.resolve("out"));
        assertThrows(IOException.class, () -> ArchiveFormat.DIRECTORY.write(failingContents(), target, null,
                ArchiveWriterOptions.defaults().withJobs(2), note -> { }));

        assertEquals(List.of(), DirectoryArchiveWriterTest.names(target));
        assertEquals(List.of("out"), DirectoryArchiveWriterTest.names(directory));
    }

    @Test
    void plainScriptLeavesNothingBehind() throws Exception {
        Path target = directory.resolve("out.sql");
        assertThrows(IOException.class, () -> ArchiveFormat.PLAIN.write(failingContents(), target, null,
                ArchiveWriterOptions.defaults().withScript(PlainScriptOptions.defaults()), note -> { }));

        assertEquals(List.of(), DirectoryArchiveWriterTest.names(directory));
    }
}
