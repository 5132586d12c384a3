package dev.sotbackup.objectstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.backend.S3Backend;
import dev.sotbackup.repository.backend.S3Location;
import dev.sotbackup.repository.body.ObjectsBody;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.repository.json.Json;
import dev.sotbackup.testing.S3Servers;
import dev.sotbackup.testing.S3TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

class BucketComponentTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final ScryptParams FAST_SCRYPT = new ScryptParams(1024, 8, 1);
    private static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024);
    // No "; charset=…" parameter: s3proxy's Jetty rewrites that header, and the request signature then fails.
    private static final String[] CONTENT_TYPES = {"image/png", "application/pdf", "text/plain",
            "application/octet-stream", "image/svg+xml"};

    private static S3TestServer server;
    private static S3Client s3;

    @TempDir
    Path repoDir;

    /** What a test put into a bucket, to compare a restore with. */
    record Expected(byte[] content, String contentType, Map<String, String> metadata) {
    }

    @BeforeAll
    static void startServer() {
        server = S3Servers.start();
        s3 = S3Backend.client(new S3Location(server.endpoint(), "unused", "", true), server.backendOptions());
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    @Test
    void backupThenRestoreIntoAnotherBucketReproducesEveryObject() throws IOException {
        String source = server.createUniqueBucket("media");
        Map<String, Expected> expected = populate(source, "", 1000, 1);
        try (Repository repository = newRepository()) {
            List<String> lines = new CopyOnWriteArrayList<>();
            Component component = backupAndCommit(repository, bucket(source, ""), lines::add);
            assertEquals(ObjectsBody.KIND, component.kind());
            assertEquals(1000, Json.tree(component.body()).path("objects").size());
            List<String> keys = new ArrayList<>();
            Json.tree(component.body()).path("objects").forEach(o -> keys.add(o.path("key").asText()));
            assertEquals(keys.stream().sorted().toList(), keys, "objects are sorted by key");

            String target = server.createUniqueBucket("restored");
            Component stored = repository.loadSnapshot(repository.resolveSnapshot("latest")).components().getFirst();
            RestoreResult result = BucketComponent.restore(repository, stored, bucket(target, ""),
                    RestoreMode.REQUIRE_EMPTY, 4, Reporter.lines(lines::add));

            assertEquals(1000, result.objects());
            assertEquals(expected.values().stream().mapToLong(e -> e.content().length).sum(), result.bytes());
            assertBucketHolds(target, "", expected);
        }
    }

    @Test
    void prefixBackupTakesOnlyThatPrefixAndRestoresUnderAnother() throws IOException {
        String source = server.createUniqueBucket("prefixed");
        Map<String, Expected> media = populate(source, "netbox/media", 60, 2);
        populate(source, "netbox/media2", 5, 3); // shares the string prefix, not the "directory"
        populate(source, "other", 5, 4);
        try (Repository repository = newRepository()) {
            Component component = backupAndCommit(repository, bucket(source, "/netbox/media/"), line -> { });
            assertEquals(source + "/netbox/media", component.name());
            assertEquals("netbox/media", Json.tree(component.body()).path("prefix").asText());
            assertEquals(60, Json.tree(component.body()).path("objects").size());

            String target = server.createUniqueBucket("prefixed-target");
            BucketComponent.restore(repository, component, bucket(target, "restored/media"),
                    RestoreMode.REQUIRE_EMPTY, 3, Reporter.silent());
            assertBucketHolds(target, "restored/media", media);
            assertEquals(60, keysUnder(target, "").size(), "nothing outside the target prefix");
        }
    }

    @Test
    void secondBackupOfAnUnchangedBucketAddsAlmostNothing() throws IOException {
        String source = server.createUniqueBucket("unchanged");
        populate(source, "", 200, 5);
        try (Repository repository = newRepository()) {
            BackupStatistics first = backupStatistics(repository, bucket(source, ""));
            BackupStatistics second = backupStatistics(repository, bucket(source, ""));
            assertTrue(first.bytesAdded() > 1_000_000, "first backup stored the data: " + first);
            assertEquals(0, second.blobsAdded(), "second backup: " + second);
            assertEquals(first.bytesProcessed(), second.bytesProcessed());
        }
    }

    @Test
    void missingBucketFailsInOneLineAndLeavesNoSnapshot() throws IOException {
        try (Repository repository = newRepository()) {
            ObjectStoreFailure failure;
            try (BackupSession session = repository.startBackup("host", 2)) {
                failure = assertThrows(ObjectStoreFailure.class, () -> BucketComponent.backup(session,
                        bucket("no-such-bucket-" + System.nanoTime(), ""), 2, Reporter.silent()));
            }
            assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
            assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());
            assertFalse(failure.getMessage().contains(S3Servers.SECRET_KEY));
            assertTrue(repository.snapshots().isEmpty());
        }
    }

    @Test
    void unreachableEndpointFailsInOneLine() throws IOException {
        BucketSource nowhere = new BucketSource(java.net.URI.create("http://127.0.0.1:1"), "b", "", true,
                server.credentials(), null);
        try (Repository repository = newRepository(); BackupSession session = repository.startBackup("host", 1)) {
            ObjectStoreFailure failure = assertThrows(ObjectStoreFailure.class,
                    () -> BucketComponent.backup(session, nowhere, 1, Reporter.silent()));
            assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
            assertTrue(failure.getMessage().contains("cannot reach"), failure.getMessage());
        }
    }

    @Test
    void nonEmptyTargetIsRefusedUnlessOverwriting() throws IOException {
        String source = server.createUniqueBucket("src");
        Map<String, Expected> expected = populate(source, "", 20, 6);
        String target = server.createUniqueBucket("busy");
        populate(target, "", 1, 7); // same key as the source's first object, different content
        try (Repository repository = newRepository()) {
            Component component = backupAndCommit(repository, bucket(source, ""), line -> { });

            ObjectStoreFailure refused = assertThrows(ObjectStoreFailure.class, () -> BucketComponent.restore(
                    repository, component, bucket(target, ""), RestoreMode.REQUIRE_EMPTY, 2, Reporter.silent()));
            assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
            assertTrue(refused.getMessage().contains("already holds objects"), refused.getMessage());
            assertEquals(1, keysUnder(target, "").size(), "nothing written");

            BucketComponent.restore(repository, component, bucket(target, ""), RestoreMode.OVERWRITE, 2,
                    Reporter.silent());
            assertBucketHolds(target, "", expected);
        }
    }

    @Test
    void theCheckBeforeARestoreWritesAndRemovesAProbeAndRefusesWhatTheRestoreWould() throws IOException {
        String source = server.createUniqueBucket("checked");
        populate(source, "", 3, 8);
        String empty = server.createUniqueBucket("empty");
        String busy = server.createUniqueBucket("busy");
        populate(busy, "", 1, 9);
        try (Repository repository = newRepository()) {
            Component component = backupAndCommit(repository, bucket(source, ""), line -> { });

            BucketComponent.check(component, bucket(empty, "media"), RestoreMode.REQUIRE_EMPTY);
            assertEquals(List.of(), keysUnder(empty, ""), "the probe was removed");

            ObjectStoreFailure refused = assertThrows(ObjectStoreFailure.class,
                    () -> BucketComponent.check(component, bucket(busy, ""), RestoreMode.REQUIRE_EMPTY));
            assertTrue(refused.getMessage().contains("already holds objects"), refused.getMessage());
            BucketComponent.check(component, bucket(busy, ""), RestoreMode.OVERWRITE);
            assertEquals(1, keysUnder(busy, "").size());

            ObjectStoreFailure missing = assertThrows(ObjectStoreFailure.class, () -> BucketComponent.check(
                    component, bucket("no-such-bucket-" + System.nanoTime(), ""), RestoreMode.OVERWRITE));
            assertFalse(missing.getMessage().contains("\n"), missing.getMessage());
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        }
    }

    // --- fixtures -------------------------------------------------------------------------------------------

    private Repository newRepository() throws IOException {
        return Repository.init(new LocalBackend(repoDir), PASSWORD.clone(), FAST_SCRYPT, SMALL_CHUNKS);
    }

    private static BucketSource bucket(String name, String prefix) {
        return BucketSource.of(server.endpoint(), name, prefix).withCredentials(server.credentials());
    }

    private static Component backupAndCommit(Repository repository, BucketSource source, Consumer<String> progress)
            throws IOException {
        try (BackupSession session = repository.startBackup("host", 2)) {
            Component component = BucketComponent.backup(session, source, 4, Reporter.lines(progress));
            session.commit(Snapshot.of(Instant.now(), "0.1.0-test", List.of(), List.of(component)));
            return component;
        }
    }

    private static BackupStatistics backupStatistics(Repository repository, BucketSource source) throws IOException {
        try (BackupSession session = repository.startBackup("host", 2)) {
            Component component = BucketComponent.backup(session, source, 4, Reporter.silent());
            session.commit(Snapshot.of(Instant.now(), "0.1.0-test", List.of(), List.of(component)));
            return session.statistics();
        }
    }

    /**
     * {@code count} objects like a NetBox media bucket: assorted content types, user metadata (some with
     * non-ASCII values), every 50th empty, a few of about 1 MB, keys with spaces, unicode and slashes.
     */
    private static Map<String, Expected> populate(String bucket, String prefix, int count, long seed) {
        Map<String, Expected> objects = new ConcurrentHashMap<>();
        IntStream.range(0, count).parallel().forEach(i -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
            String key = switch (i % 4) {
                case 0 -> "image-attachments/device " + i + ".png";
                case 1 -> "devicetype-images/Ünïcødé 日本 " + i + ".svg";
                case 2 -> "reports/2024/q" + (i % 4 + 1) + "/report-" + i + ".pdf";
                default -> "file-" + i;
            };
            int size = i % 50 == 0 ? 0 : i % 333 == 7 ? 1_000_000 + i : 100 + random.nextInt(6000);
            byte[] content = new byte[size];
            random.nextBytes(content);
            Map<String, String> metadata = new TreeMap<>();
            if (i % 5 != 0) {
                metadata.put("uploaded-by", "user-" + i);
            }
            if (i % 3 == 0) {
                // Non-ASCII metadata travels as an RFC 2047 encoded-word; S3 returns it as such.
                metadata.put("original-name", HeaderValues.forUpload("Zürich – 東京 ✓ " + i));
            }
            String contentType = CONTENT_TYPES[i % CONTENT_TYPES.length];
            String fullKey = prefix.isEmpty() ? key : prefix + "/" + key;
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(fullKey).contentType(contentType)
                    .metadata(metadata).build(), RequestBody.fromBytes(content));
            objects.put(key, new Expected(content, contentType, metadata));
        });
        return objects;
    }

    private static List<String> keysUnder(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                .prefix(prefix.isEmpty() ? "" : prefix + "/").build()).contents()) {
            keys.add(object.key());
        }
        return keys;
    }

    private static void assertBucketHolds(String bucket, String prefix, Map<String, Expected> expected) {
        List<String> keys = keysUnder(bucket, prefix);
        assertEquals(expected.size(), keys.size());
        expected.entrySet().parallelStream().forEach(e -> {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            assertArrayEquals(e.getValue().content(), got.asByteArray(), key);
            assertEquals(e.getValue().contentType(), got.response().contentType(), key);
            assertEquals(e.getValue().metadata(), new TreeMap<>(got.response().metadata()), key);
        });
    }
}
