package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.RedisServers;
import dev.sotbackup.testing.S3Servers;
import dev.sotbackup.testing.S3TestServer;
import dev.sotbackup.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * One snapshot of a whole deployment's stores — database, Redis, media directory, bucket — taken and restored
 * through the command line, and the cache flush that follows a move.
 */
class DeploymentStoresCommandTest {

    private static final String PASSWORD = "deployment stores test";

    @TempDir
    Path work;

    @Test
    void everyStoreGoesIntoOneSnapshotAndComesBackIntoOtherTargets() throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String sourceDb = pg.createDatabase("stores_src");
        Fixtures.load(pg, sourceDb, Fixtures.NETBOX_V42);
        S3TestServer s3 = S3Servers.start();
        String sourceBucket = s3.createUniqueBucket("uploads");
        String targetBucket = s3.createUniqueBucket("uploads-copy");
        try (RedisServers.Server sourceRedis = RedisServers.start();
             RedisServers.Server targetRedis = RedisServers.start();
             S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).credentialsProvider(s3.credentials())
                     .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                     .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                     .build()) {
            try (Jedis jedis = new Jedis("127.0.0.1", sourceRedis.port())) {
                jedis.set("rq:job:1", "queued");
                jedis.select(1);
                jedis.setex(":1:cached", 3600, "page");
            }
            Path media = Files.createDirectories(work.resolve("media/devicetype-images"));
            Files.writeString(media.resolve("rack 42 — front.png"), "not really a png");
            Files.setPosixFilePermissions(media.resolve("rack 42 — front.png"),
                    PosixFilePermissions.fromString("rw-r-----"));
            Files.createDirectories(work.resolve("media/image-attachments"));
            client.putObject(PutObjectRequest.builder().bucket(sourceBucket).key("scripts/sync.py")
                    .contentType("text/x-python").build(), RequestBody.fromString("print('hi')"));

            Environment env = environment(s3);
            assertEquals(0, cli(env, "init").code());
            CommandRun backup = cli(env, "backup", "--postgres", pg.conninfo(sourceDb),
                    "--redis", sourceRedis.url(), "--dir", "media=" + work.resolve("media"),
                    "--s3-bucket", sourceBucket, "--s3-endpoint", s3.endpoint().toString(), "--json");
            assertEquals(0, backup.code(), backup.err());

            String targetDb = pg.createDatabase("stores_dst");
            Path restoredMedia = work.resolve("restored-media");
            CommandRun restore = cli(env, "restore", "latest", "--postgres", pg.conninfo(targetDb),
                    "--redis", targetRedis.url(), "--dir", "media=" + restoredMedia,
                    "--s3-bucket", targetBucket, "--s3-endpoint", s3.endpoint().toString());
            assertEquals(0, restore.code(), restore.err());

            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(pg, sourceDb), DatabaseSnapshot.capture(pg, targetDb));
            try (Jedis jedis = new Jedis("127.0.0.1", targetRedis.port())) {
                assertEquals("queued", jedis.get("rq:job:1"));
                jedis.select(1);
                assertEquals("page", jedis.get(":1:cached"));
                assertTrue(jedis.ttl(":1:cached") > 3500, "TTL kept");
            }
            Path png = restoredMedia.resolve("devicetype-images/rack 42 — front.png");
            assertEquals("not really a png", Files.readString(png));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(png)));
            assertTrue(Files.isDirectory(restoredMedia.resolve("image-attachments")), "empty directory kept");
            var copied = client.getObjectAsBytes(b -> b.bucket(targetBucket).key("scripts/sync.py"));
            assertEquals("print('hi')", copied.asUtf8String());
            assertEquals("text/x-python", copied.response().contentType());

            // --only restores just what it names; asking for a store without its target is a usage error.
            CommandRun onlyRedis = cli(env, "restore", "latest", "--only", "redis", "--redis", targetRedis.url(), "--flush");
            assertEquals(0, onlyRedis.code(), onlyRedis.err());
            assertTrue(onlyRedis.out().contains("restored redis/"), onlyRedis.out());
            CommandRun missing = cli(env, "restore", "latest", "--only", "files");
            assertEquals(2, missing.code(), missing.err());

            // The tar.gz export of the media tree extracts with tar to the same files.
            Path tarGz = work.resolve("media.tar.gz");
            assertEquals(0, cli(env, "export", "latest", "--files", "media", "-o", tarGz.toString()).code());
            Path extracted = Files.createDirectories(work.resolve("extracted"));
            Process tar = new ProcessBuilder("tar", "-xzf", tarGz.toString(), "-C", extracted.toString())
                    .redirectErrorStream(true).start();
            assertEquals(0, tar.waitFor());
            assertEquals("not really a png",
                    Files.readString(extracted.resolve("media/devicetype-images/rack 42 — front.png")));
        }
    }

    @Test
    void aRestoreThatRestoresNothingFailsAndNamesTheOptionsItNeeds() throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String sourceDb = pg.createDatabase("nothing_src");
        S3TestServer s3 = S3Servers.start();
        try (RedisServers.Server redis = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.set("rq:job:1", "queued");
            }
            Files.createDirectories(work.resolve("media"));
            Environment env = environment(s3);
            assertEquals(0, cli(env, "init").code());
            assertEquals(0, cli(env, "backup", "--postgres", pg.conninfo(sourceDb), "--redis", redis.url(),
                    "--dir", "media=" + work.resolve("media")).code());

            CommandRun nothing = cli(env, "restore", "latest");

            assertEquals(1, nothing.code(), nothing.toString());
            assertEquals("sot-backup: error: nothing restored: the snapshot holds postgres " + sourceDb
                    + ", redis, files media — give --postgres, --redis, --dir media=PATH or -c FILE\n", nothing.err());
            assertEquals("", nothing.out());

            // A store left out while another is restored stays a note.
            Path media = work.resolve("restored-media");
            CommandRun some = cli(env, "restore", "latest", "--dir", "media=" + media);
            assertEquals(0, some.code(), some.err());
            assertTrue(some.err().contains("sot-backup: note: database " + sourceDb + " has no counterpart"),
                    some.err());
            assertTrue(Files.isDirectory(media));
        }
    }

    @Test
    void aStoreByStoreReplaceThatRedisWouldRefuseLeavesTheDatabaseAlone() throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String sourceDb = pg.createDatabase("refused_src");
        Fixtures.load(pg, sourceDb, Fixtures.NETBOX_V42);
        String targetDb = pg.createDatabase("refused_dst");
        S3TestServer s3 = S3Servers.start();
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", source.port())) {
                jedis.set("rq:job:1", "queued");
            }
            try (Jedis jedis = new Jedis("127.0.0.1", target.port())) {
                jedis.set("rq:job:other", "the target's own queue");
            }
            Environment env = environment(s3);
            assertEquals(0, cli(env, "init").code());
            assertEquals(0, cli(env, "backup", "--postgres", pg.conninfo(sourceDb), "--redis", source.url()).code());
            DatabaseSnapshot before = DatabaseSnapshot.capture(pg, targetDb);

            CommandRun restore = cli(env, "restore", "latest", "--replace", "--drop-previous",
                    "--postgres", pg.conninfo(targetDb), "--redis", target.url());

            assertEquals(1, restore.code(), restore.toString());
            assertEquals(1, restore.err().lines().count(), restore.err());
            assertTrue(restore.err().contains("Redis database 0 at 127.0.0.1:" + target.port() + " is not empty"),
                    restore.err());
            DatabaseSnapshot.assertSame(before, DatabaseSnapshot.capture(pg, targetDb));
            try (Jedis jedis = new Jedis("127.0.0.1", target.port())) {
                assertEquals("the target's own queue", jedis.get("rq:job:other"));
                assertEquals(1, jedis.dbSize());
            }
        }
    }

    @Test
    void redisKeysGoBackToTheDatabaseTheyCameFromAndTheSummaryNamesIt() throws Exception {
        S3TestServer s3 = S3Servers.start();
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", source.port())) {
                jedis.select(8);
                jedis.set("rq:job:1", "queued");
                jedis.set("rq:job:2", "started");
            }
            // A deployment whose task queue is db 8, as its file says; restored store by store.
            Path file = work.resolve("queue8.yml");
            Files.writeString(file, "profile: generic\nredis:\n  uri: " + source.url() + "\n  tasks_db: 8\n"
                    + "  cache_db: 9\ndirectories: {}\n");
            Environment env = environment(s3);
            assertEquals(0, cli(env, "init").code());
            long shortLived = 5_000;
            long setAt = System.nanoTime();
            try (Jedis jedis = new Jedis("127.0.0.1", source.port())) {
                jedis.select(8);
                jedis.psetex("rq:job:3", shortLived, "finishing");
            }
            CommandRun backup = cli(env, "backup", "-c", file.toString());
            assertEquals(0, backup.code(), backup.err());
            assertTrue((System.nanoTime() - setAt) / 1_000_000 < shortLived, "the backup saw rq:job:3 alive");
            Thread.sleep(shortLived + 500 - (System.nanoTime() - setAt) / 1_000_000); // it expires in between

            CommandRun restore = cli(env, "restore", "latest", "--redis", target.url(), "--json");

            assertEquals(0, restore.code(), restore.err());
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(restore.out());
            assertEquals("redis/127.0.0.1:" + source.port() + " db 8 → 127.0.0.1:" + target.port()
                    + " db 8 (2 keys, 1 expired since the backup and not restored)", json.get("restored").get(0).asText());
            assertEquals(1, json.get("redis_keys_expired").asLong());
            try (Jedis jedis = new Jedis("127.0.0.1", target.port())) {
                assertEquals(0, jedis.dbSize(), "nothing in db 0");
                jedis.select(8);
                assertEquals("queued", jedis.get("rq:job:1"));
                assertEquals(2, jedis.dbSize());
            }

            // A database in the URL names where the snapshot's only database goes.
            CommandRun named = cli(env, "restore", "latest", "--redis", target.url() + "/3");
            assertEquals(0, named.code(), named.err());
            assertTrue(named.out().contains(" db 8 → 127.0.0.1:" + target.port() + " db 3 (2 keys"), named.out());
            try (Jedis jedis = new Jedis("127.0.0.1", target.port())) {
                jedis.select(3);
                assertEquals("started", jedis.get("rq:job:2"));
            }
            CommandRun both = cli(env, "restore", "latest", "--redis", target.url() + "/4", "--redis-db-map", "8:5");
            assertEquals(2, both.code(), both.err());
        }
    }

    @Test
    void aDatabaseInTheRedisUrlIsRefusedForASnapshotOfSeveralDatabases() throws Exception {
        S3TestServer s3 = S3Servers.start();
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", source.port())) {
                jedis.set("a", "1");
                jedis.select(2);
                jedis.set("b", "2");
            }
            Environment env = environment(s3);
            assertEquals(0, cli(env, "init").code());
            assertEquals(0, cli(env, "backup", "--redis", source.url()).code());

            CommandRun restore = cli(env, "restore", "latest", "--redis", target.url() + "/5");

            assertEquals(1, restore.code(), restore.toString());
            assertEquals("sot-backup: error: the Redis URL names database 5 but redis/127.0.0.1:" + source.port()
                    + " holds databases 0, 2; leave the database out of the URL to restore each into its own number,"
                    + " or map them with --redis-db-map\n", restore.err());
            try (Jedis jedis = new Jedis("127.0.0.1", target.port())) {
                assertEquals(0, jedis.dbSize());
            }
        }
    }

    /** The manual recipe's tarball becomes a directory component like any --dir backup. */
    @Test
    void aTarballFromTheManualRecipeIsImportedAsADirectory() throws Exception {
        Path media = Files.createDirectories(work.resolve("old/media/image-attachments"));
        Files.writeString(media.resolve("rack.jpg"), "jpeg bytes");
        Path tarGz = work.resolve("media.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", tarGz.toString(), "-C", work.resolve("old").toString(),
                "media/").redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor());
        Environment env = environment(S3Servers.start());
        assertEquals(0, cli(env, "init").code());
        CommandRun backup = cli(env, "backup", "--dir-archive", "media=" + tarGz);
        assertEquals(0, backup.code(), backup.err());
        Path restored = work.resolve("restored");
        CommandRun restore = cli(env, "restore", "latest", "--dir", "media=" + restored);
        assertEquals(0, restore.code(), restore.err());
        assertEquals("jpeg bytes", Files.readString(restored.resolve("image-attachments/rack.jpg")));
    }

    @Test
    void higherCompressionLevelStoresLess() throws Exception {
        Path tree = Files.createDirectories(work.resolve("texts"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            text.append("{\"id\": ").append(i).append(", \"name\": \"device-").append(i % 977)
                    .append("\", \"status\": \"active\", \"rack\": ").append(i % 31).append("}\n");
        }
        Files.writeString(tree.resolve("changelog.json"), text);
        long[] added = new long[2];
        int[] levels = {1, 9};
        S3TestServer s3 = S3Servers.start();
        for (int i = 0; i < 2; i++) {
            Environment env = environment(s3).withVariable(RepositoryOptions.REPO_VARIABLE,
                    work.resolve("repo-" + levels[i]).toString());
            assertEquals(0, cli(env, "init").code());
            CommandRun run = cli(env, "backup", "--dir", "texts=" + tree, "--compression-level", Integer.toString(levels[i]),
                    "--json");
            assertEquals(0, run.code(), run.err());
            added[i] = Long.parseLong(run.out().replaceAll("(?s).*\"bytes_added\"\\s*:\\s*(\\d+).*", "$1"));
        }
        assertTrue(added[1] < added[0], "level 9 stored " + added[1] + " bytes, level 1 " + added[0]);
        CommandRun bad = cli(environment(s3), "backup", "--dir", "texts=" + tree, "--compression-level", "0");
        assertEquals(2, bad.code(), bad.err());
    }

    @Test
    void invalidateCacheFlushesOnlyTheCacheDatabase() throws Exception {
        try (RedisServers.Server redis = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.set("rq:queue:default", "task");
                jedis.select(1);
                jedis.set(":1:a", "x");
                jedis.set(":1:b", "y");
            }
            CommandRun run = cli(Environment.empty(), "invalidate-cache", "--redis", redis.url(), "--cache-db", "1");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("flushed Redis database 1") && run.out().contains("(2 keys)"), run.out());
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                assertEquals("task", jedis.get("rq:queue:default"));
                jedis.select(1);
                assertEquals(0, jedis.dbSize());
            }
        }
    }

    @Test
    void badStoresAreOneLineAndAddNoSnapshot() throws Exception {
        S3TestServer s3 = S3Servers.start();
        Environment env = environment(s3);
        assertEquals(0, cli(env, "init").code());
        List<String[]> bad = List.of(
                new String[] {"backup", "--redis", "redis://127.0.0.1:" + RedisServers.freePort()},
                new String[] {"backup", "--dir", "media=" + work.resolve("no-such-dir")},
                new String[] {"backup", "--s3-bucket", "no-such-bucket", "--s3-endpoint", s3.endpoint().toString()});
        for (String[] args : bad) {
            CommandRun run = cli(env, args);
            assertEquals(1, run.code(), String.join(" ", args) + ": " + run.err());
            List<String> errors = run.err().lines().filter(l -> l.startsWith("sot-backup: error:")).toList();
            assertEquals(1, errors.size(), run.err());
            assertTrue(!run.err().contains("\tat "), run.err());
        }
        CommandRun snapshots = cli(env, "snapshots", "--json");
        assertEquals("[]", snapshots.out().strip(), "no snapshot was written");
        Path snapshotDir = work.resolve("repo").resolve("snapshots");
        if (Files.exists(snapshotDir)) {
            try (Stream<Path> files = Files.walk(snapshotDir)) {
                assertEquals(0, files.filter(Files::isRegularFile).count());
            }
        }
    }

    @Test
    void redisKeyPatternsThatMatchNothingAddNoSnapshot() throws Exception {
        S3TestServer s3 = S3Servers.start();
        Environment env = environment(s3);
        assertEquals(0, cli(env, "init").code());
        try (RedisServers.Server redis = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.set("rq:job:1", "queued");
            }
            CommandRun none = cli(env, "backup", "--redis", redis.url(), "--redis-key", "nosuch:*");
            assertEquals(1, none.code(), none.err());
            assertEquals(List.of("sot-backup: error: no matching Redis keys were found for --redis-key nosuch:* at "
                    + "127.0.0.1:" + redis.port() + " in database 0"), none.err().lines().toList());
            assertEquals("[]", cli(env, "snapshots", "--json").out().strip(), "no snapshot was written");

            CommandRun some = cli(env, "backup", "--redis", redis.url(), "--redis-key", "nosuch:*",
                    "--redis-key", "rq:*");
            assertEquals(0, some.code(), some.err());
        }
    }

    @Test
    void storeLocationsWithASecretAreNeverEchoedAndBadNumbersAreUsageErrors() throws Exception {
        S3TestServer s3 = S3Servers.start();
        Environment env = environment(s3);
        assertEquals(0, cli(env, "init").code());
        for (String[] args : List.of(
                new String[] {"backup", "--redis", "redis//:Pl4nted@127.0.0.1:6379"},
                new String[] {"backup", "--redis", "redis://:Pl4nted"},
                new String[] {"backup", "--s3-bucket", "b", "--s3-endpoint", "https://key:Pl4nted@127.0.0.1:9"},
                new String[] {"backup", "--s3-bucket", "b", "--s3-endpoint", "https://key:Pl4 nted@127.0.0.1:9"},
                new String[] {"invalidate-cache", "--redis", "redis//:Pl4nted@h", "--cache-db", "1"})) {
            CommandRun run = CommandRun.of(env, args, PASSWORD, "Pl4nted", "Pl4 nted");
            assertEquals(1, run.code(), String.join(" ", args) + ": " + run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("sot-backup: error: "), run.err());
        }
        for (String[] args : List.of(new String[] {"backup", "--redis", "redis://127.0.0.1:1", "--redis-db", "-1"},
                new String[] {"backup", "--dir", "m=" + work, "--compression-level", "0"},
                new String[] {"backup", "--dir", "m=" + work, "-j", "100000"},
                new String[] {"invalidate-cache", "--redis", "redis://127.0.0.1:1", "--cache-db", "-1"})) {
            CommandRun run = cli(env, args);
            assertEquals(2, run.code(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.err().contains(" must "), run.err());
        }
        assertEquals("[]", cli(env, "snapshots", "--json").out().strip());
    }

    private Environment environment(S3TestServer s3) {
        return CommandRun.repositoryEnvironment(work.resolve("repo"), PASSWORD).withBackendOptions(s3.backendOptions());
    }

    private static CommandRun cli(Environment env, String... args) {
        return CommandRun.of(env, args, PASSWORD);
    }

}
