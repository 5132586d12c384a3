package dev.sotbackup.repository.backend;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class LocalBackendTest extends BackendContractTest {

    Path root;

    @Override
    Backend newBackend() {
        root = temp.resolve("repo");
        return new LocalBackend(root);
    }

    @Override
    void putFromFailingSource(Backend backend, String name, byte[] firstBytes) throws BackendException {
        ((LocalBackend) backend).putStream(name, failingAfter(firstBytes));
    }

    @Test
    void packsAreFannedOutByTheirFirstTwoHexDigits() throws Exception {
        String name = dataName("fan");
        backend.put(name, bytes("pack"));

        String id = name.substring(name.lastIndexOf('/') + 1);
        assertTrue(Files.isRegularFile(root.resolve("data").resolve(id.substring(0, 2)).resolve(id)));
    }

    @Test
    void failedPutRemovesItsTempFile() throws Exception {
        String name = dataName("temp");

        assertThrows(BackendException.class, () -> putFromFailingSource(backend, name, bytes("partial")));

        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void failureAtTheFinalRenameRemovesTheWrittenTempFile() throws Exception {
        // A non-empty directory squatting on the name makes the rename fail after the temp file is complete.
        String name = dataName("squatted");
        Path squatter = root.resolve(name);
        Files.createDirectories(squatter);
        Files.write(squatter.resolve("inside"), bytes("x"));

        BackendException e = assertThrows(BackendException.class, () -> backend.put(name, bytes("pack")));

        assertOneLine(e);
        assertTrue(e.getMessage().startsWith("cannot write " + name + " to " + backend.describe()), e.getMessage());
        try (Stream<Path> files = Files.list(squatter.getParent())) {
            assertEquals(List.of(squatter), files.toList());
        }
    }

    @Test
    void leftoverTempFilesAreNotListedAsObjects() throws Exception {
        String name = dataName("listed");
        backend.put(name, bytes("pack"));
        Path directory = root.resolve(name).getParent();
        Files.write(directory.resolve(LocalBackend.TEMP_PREFIX + "crashed-writer"), bytes("partial"));

        assertEquals(List.of(name), backend.list("data/"));
    }

    @Test
    void unwritableDirectoryFailsInOneLineNamingObjectAndRepository() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root ignores directory permissions");
        String name = dataName("readonly");
        Path directory = root.resolve(name).getParent();
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            BackendException e = assertThrows(BackendException.class, () -> backend.put(name, bytes("pack")));

            assertOneLine(e);
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains(backend.describe())
                    && e.getMessage().contains("Permission denied"), e.getMessage());
            assertFalse(backend.exists(name));
        } finally {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void fullDiskIsReportedAsSuch() {
        // What FileChannel.write throws on ENOSPC; a real full file system is not available to tests.
        String reason = LocalBackend.reason(new IOException("No space left on device"));

        assertEquals("No space left on device", reason);
    }

    @Test
    void fileSystemErrorsSayWhatWentWrongNotJustThePath() {
        String reason = LocalBackend.reason(new java.nio.file.AccessDeniedException("/repo/data/ab"));

        assertEquals("Permission denied (/repo/data/ab)", reason);
    }

    @Test
    void describeIsLocalColonAbsolutePath() {
        assertEquals("local:" + root.toAbsolutePath().normalize(), backend.describe());
    }

    @Test
    void missingRepositoryDirectoryListsNothing() throws Exception {
        assertEquals(List.of(), backend.list("data/"));
        assertFalse(backend.exists("config"));
    }

    @Test
    void objectsAreWrittenOwnerOnlyAsRestic() throws Exception {
        String pack = dataName("modes");
        backend.put(pack, bytes("pack"));
        backend.put("config", bytes("config"));

        assertEquals("rw-------", mode(root.resolve(pack)));
        assertEquals("rw-------", mode(root.resolve("config")));
        assertEquals("rwx------", mode(root.resolve(pack).getParent()));
        assertEquals("rwx------", mode(root.resolve("data")));
        assertEquals("rwx------", mode(root), "the repository directory the first put created");
    }

    @Test
    void createMakesAnExistingEmptyDirectoryOwnerOnly() throws Exception {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));

        backend.create();

        assertEquals("rwx------", mode(root));
    }

    @Test
    void createMakesAMissingDirectoryOwnerOnly() throws Exception {
        backend.create();

        assertEquals("rwx------", mode(root));
    }

    @Test
    void objectsVanishingWhileTheDirectoryIsListedAreNotAFailure() throws Exception {
        // Locks come and go while others list locks/: a file read in the directory but gone before its
        // attributes are read is simply not listed. Deleting 2000 files while the listing walks them makes
        // that window certain to be hit.
        Path locks = Files.createDirectories(root.resolve("locks"));
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            files.add(Files.write(locks.resolve(id("vanishing-" + i)), bytes("lock")));
        }
        Thread deleter = new Thread(() -> files.forEach(file -> file.toFile().delete()));
        deleter.start();
        try {
            List<String> listed = backend.list("locks/");
            assertTrue(listed.size() <= files.size(), listed.size() + " listed");
        } finally {
            deleter.join();
        }
        assertEquals(List.of(), backend.list("locks/"));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
