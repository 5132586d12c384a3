package dev.sotbackup.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.BackupStatistics;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.repository.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesComponentTest {
    static final ScryptParams FAST_SCRYPT = new ScryptParams(1024, 8, 1);
    static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024);
    static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;
    Repository repository;
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void initRepository() throws IOException {
        repository = Repository.init(new LocalBackend(dir.resolve("repo")), PASSWORD.clone(), FAST_SCRYPT,
                SMALL_CHUNKS);
    }

    @AfterEach
    void closeRepository() {
        repository.close();
    }

    record Stored(Component component, BackupStatistics stats) {
    }

    /** Backs up {@code root} as a committed snapshot and returns its component as read back from the repository. */
    Stored backup(Path root) throws IOException {
        try (BackupSession session = repository.startBackup("host", 2)) {
            Component component = FilesComponent.backup(session, "media", root, 2, Reporter.lines(progress::add));
            SnapshotId id = session.commit(Snapshot.of(Instant.now(), "test", List.of(), List.of(component)));
            Component loaded = repository.loadSnapshot(id).components().getFirst();
            return new Stored(loaded, session.statistics());
        }
    }

    @Test
    void backupThenRestoreIntoAnotherPathIsBitExact() throws IOException {
        Path source = dir.resolve("media");
        MediaTree.create(source, 5000, 42, 500, 200_000);
        TreeMap<String, String> expected = MediaTree.listing(source, TimeUnit.NANOSECONDS);

        Stored stored = backup(source);
        Path target = dir.resolve("elsewhere/restored-media");
        FilesComponent.RestoreResult result = FilesComponent.restore(repository, stored.component(), target, false,
                Reporter.lines(progress::add));

        assertSameTree(expected, MediaTree.listing(target, TimeUnit.NANOSECONDS));
        assertEquals(expected.values().stream().filter(v -> v.startsWith("file")).count(), result.files());
        assertTrue(expected.containsKey("emoji-😀"), "the fixture has unicode names");
        assertTrue(expected.containsKey("line\nbreak.txt"), "the fixture has a name with a newline");
        assertTrue(expected.get("shared-group").startsWith("dir 2775"), "the fixture has a setgid directory");
        assertTrue(expected.get("scripts/run-as-owner.sh").startsWith("file 4755"));
        assertEquals("symlink -> no/such/target", expected.get("dangling"));
        // check finds every file's blobs through the "blobs" arrays of the body (format §7).
        var check = repository.check(true);
        assertTrue(check.ok(), check.problems().toString());
    }

    @Test
    void bodyIsSortedByPathWithBlobsOnlyOnNonEmptyFiles() throws IOException {
        Path source = dir.resolve("media");
        MediaTree.create(source, 200, 7, 0, 0);
        Component component = backup(source).component();

        List<String> paths = new ArrayList<>();
        Json.tree(component.body()).path("entries").forEach(e -> paths.add(e.path("path").asText()));
        assertEquals(".", paths.getFirst());
        List<String> sorted = new ArrayList<>(paths.subList(1, paths.size()));
        sorted.sort(java.util.Comparator.comparing((String p) -> p.replace('/', '\0')));
        assertEquals(sorted, paths.subList(1, paths.size()));
        Json.tree(component.body()).path("entries").forEach(e -> {
            if (e.path("type").asText().equals("file")) {
                assertEquals(e.path("size").asLong() == 0, e.path("blobs").isEmpty(), e.toString());
            } else {
                assertFalse(e.has("blobs"), e.toString());
            }
        });
        assertEquals(source.toAbsolutePath().toString(), Json.tree(component.body()).path("root").asText());
    }

    @Test
    void secondBackupOfAnUnchangedTreeAddsAlmostNothing() throws IOException {
        Path source = dir.resolve("media");
        long bytes = MediaTree.create(source, 2000, 3, 200, 100_000);
        BackupStatistics first = backup(source).stats();
        BackupStatistics second = backup(source).stats();

        assertTrue(first.bytesAdded() > bytes / 2, "first backup stores the data: " + first);
        assertTrue(second.bytesAdded() < 1024, "second backup added " + second);
    }

    @Test
    void restoreRefusesANonEmptyTargetUnlessForcedAndForceKeepsExtraFiles() throws IOException {
        Path source = dir.resolve("media");
        MediaTree.create(source, 50, 9, 0, 0);
        Component component = backup(source).component();
        Path target = dir.resolve("target");
        Files.createDirectories(target.resolve("devicetype-images"));
        Files.writeString(target.resolve("extra.txt"), "mine");
        Files.writeString(target.resolve("devicetype-images/img_0.png"), "stale");

        FilesFailure refused = assertThrows(FilesFailure.class,
                () -> FilesComponent.restore(repository, component, target, false, Reporter.lines(progress::add)));
        assertTrue(refused.getMessage().contains(target.toString()), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"));
        assertEquals("stale", Files.readString(target.resolve("devicetype-images/img_0.png")));

        FilesComponent.restore(repository, component, target, true, Reporter.lines(progress::add));
        assertEquals("mine", Files.readString(target.resolve("extra.txt")));
        TreeMap<String, String> restored = MediaTree.listing(target, TimeUnit.NANOSECONDS);
        restored.remove("extra.txt");
        assertSameTree(MediaTree.listing(source, TimeUnit.NANOSECONDS), restored);
    }

    @Test
    void theCheckBeforeARestoreRefusesATargetWithoutRoomAndLeavesNothingBehind() throws IOException {
        long petabyte = 1L << 50;
        FileTime now = FileTime.from(Instant.now());
        Component huge = FilesComponent.component("media", "/srv/media", Instant.now(), List.of(
                new FileEntry(FileEntry.ROOT, EntryType.DIR, 0755, now, 0, null, null, null, null, false),
                new FileEntry("dump.bin", EntryType.FILE, 0644, now, petabyte, null, null, null, null, false)), null);
        Path target = dir.resolve("restored/media");

        FilesFailure failure = assertThrows(FilesFailure.class, () -> FilesComponent.check(huge, target, false));

        assertTrue(failure.getMessage().startsWith("restoring files/media into " + target + " needs 1073741824.0 MiB"
                + " more, but its file system has "), failure.getMessage());
        assertFalse(Files.exists(dir.resolve("restored")), "nothing created");
        try (var children = Files.list(dir)) {
            assertEquals(List.of("repo"), children.map(p -> p.getFileName().toString()).toList(), "no probe left");
        }
    }

    @Test
    void theCheckBeforeARestoreRefusesANonEmptyTargetUnlessForcedAndCountsOnlyWhatGrows() throws IOException {
        Path source = dir.resolve("media");
        Files.createDirectories(source);
        Files.writeString(source.resolve("a.txt"), "hello");
        Component component = backup(source).component();

        FilesFailure refused = assertThrows(FilesFailure.class, () -> FilesComponent.check(component, source, false));
        assertTrue(refused.getMessage().contains("is not empty"), refused.getMessage());
        FilesComponent.check(component, source, true);
        FilesComponent.check(component, dir.resolve("new/media"), false);
        assertFalse(Files.exists(dir.resolve("new")));
    }

    @Test
    void missingRootFailsWithOneLineAndLeavesNoSnapshot() throws IOException {
        Path missing = dir.resolve("no-such-media");
        try (BackupSession session = repository.startBackup("host", 2)) {
            FilesFailure failure = assertThrows(FilesFailure.class,
                    () -> FilesComponent.backup(session, "media", missing, 2, Reporter.lines(progress::add)));
            assertEquals("directory to back up not found: " + missing, failure.getMessage());
        }
        assertTrue(repository.snapshots().isEmpty());
    }

    @Test
    void fileThatIsNotADirectoryIsRefusedAsRoot() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        try (BackupSession session = repository.startBackup("host", 2)) {
            FilesFailure failure = assertThrows(FilesFailure.class,
                    () -> FilesComponent.backup(session, "media", file, 2, Reporter.lines(progress::add)));
            assertEquals("not a directory: " + file, failure.getMessage());
        }
    }

    @Test
    void restoreRefusesPathsThatEscapeTheTarget() {
        assertThrows(FilesFailure.class, () -> TreeWriter.checkPath("../etc/passwd"));
        assertThrows(FilesFailure.class, () -> TreeWriter.checkPath("/etc/passwd"));
        assertThrows(FilesFailure.class, () -> TreeWriter.checkPath("a//b"));
        TreeWriter.checkPath("a/..b/c");
    }

    @Test
    void tarExportExtractedBySystemTarGivesTheSameTree() throws IOException, InterruptedException {
        Path source = dir.resolve("media");
        MediaTree.create(source, 1000, 11, 100, 100_000);
        Component component = backup(source).component();
        Path tarGz = dir.resolve("export.tar.gz");
        try (OutputStream out = Files.newOutputStream(tarGz)) {
            TarExport.write(repository, component, out);
        }
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        MediaTree.run(fresh, "tar", "-xzf", tarGz.toString());

        // commons-compress writes PAX mtimes in 100 ns steps.
        assertSameTree(MediaTree.listing(source, TimeUnit.MICROSECONDS),
                MediaTree.listing(fresh.resolve("media"), TimeUnit.MICROSECONDS));
    }

    @Test
    void tarMadeBySystemTarImportsAndRestoresToTheOriginalTree() throws IOException, InterruptedException {
        Path source = dir.resolve("media");
        MediaTree.create(source, 1000, 13, 100, 100_000);
        Path tarGz = dir.resolve("media.tar.gz");
        MediaTree.run(dir, "tar", "-czf", tarGz.toString(), "media/");

        Component component;
        try (BackupSession session = repository.startBackup("host", 2)) {
            component = TarImport.backup(session, "media", tarGz, Reporter.lines(progress::add));
            session.commit(Snapshot.of(Instant.now(), "test", List.of(), List.of(component)));
        }
        assertEquals("media", Json.tree(component.body()).path("root").asText());
        Path target = dir.resolve("restored");
        FilesComponent.restore(repository, component, target, false, Reporter.lines(progress::add));

        // GNU tar's default format keeps whole seconds.
        assertSameTree(MediaTree.listing(source, TimeUnit.SECONDS), MediaTree.listing(target, TimeUnit.SECONDS));
    }

    @Test
    void tarImportStripsOnlyADirectoryThatHasItsOwnEntry() {
        java.util.Map<String, FileEntry> entries = new java.util.LinkedHashMap<>();
        entries.put("opt/netbox/media", dirEntry("opt/netbox/media"));
        entries.put("opt/netbox/media/a", dirEntry("opt/netbox/media/a"));
        assertEquals("opt/netbox/media", TarImport.commonRoot(entries));
        entries.remove("opt/netbox/media");
        assertEquals("opt/netbox/media/a", TarImport.commonRoot(entries));
        entries.put("opt/netbox/media/b", dirEntry("opt/netbox/media/b"));
        assertEquals(".", TarImport.commonRoot(entries));
        assertEquals(".", TarImport.normalise("./"));
        assertEquals("media/x", TarImport.normalise("./media/x/"));
    }

    /** Equal listings, or a failure naming the first few differing paths (not two 5,000-line maps). */
    static void assertSameTree(TreeMap<String, String> expected, TreeMap<String, String> actual) {
        List<String> differences = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(expected.get(key), actual.get(key))) {
                differences.add(key + ": expected " + expected.get(key) + ", got " + actual.get(key));
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " entries differ, e.g.\n"
                + String.join("\n", differences.subList(0, Math.min(10, differences.size()))));
    }

    private static FileEntry dirEntry(String path) {
        return new FileEntry(path, EntryType.DIR, 0755, MediaTree.time(0), 0, null, null, null, List.of(), false);
    }
}
