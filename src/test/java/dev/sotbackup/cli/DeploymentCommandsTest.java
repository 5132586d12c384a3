package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * {@code backup -c} and {@code restore -c}: a whole NetBox deployment — database, Redis, media, bucket —
 * into one snapshot and back into another deployment, with the cache flushed and the application's follow-up
 * commands printed.
 */
class DeploymentCommandsTest {

    private static final String PASSWORD = "deployment commands test";

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.NETBOX_V42, Fixtures.NETBOX_V37})
    void aDeploymentRestoresIntoAnotherDeploymentWithTheSameContents(String fixture) throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String sourceDb = pg.createDatabase("deploy_src");
        Fixtures.load(pg, sourceDb, fixture);
        String changelog = fixture.equals(Fixtures.NETBOX_V42) ? "core_objectchange" : "extras_objectchange";
        try (Connection connection = pg.connect(sourceDb); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO public." + changelog + " (id, \"time\", user_name, request_id, action, "
                    + "changed_object_id, object_repr, changed_object_type_id) SELECT g, now(), 'admin', "
                    + "gen_random_uuid(), 'create', g, 'site ' || g, (SELECT min(id) FROM django_content_type) "
                    + "FROM generate_series(1, 50) g");
        }
        String targetDb = "deploy_dst_" + ProcessHandle.current().pid() + "_" + (fixture.hashCode() & 0xffff);
        S3TestServer s3 = S3Servers.start();
        String sourceBucket = s3.createUniqueBucket("media-a");
        String targetBucket = s3.createUniqueBucket("media-b");
        try (RedisServers.Server redis = RedisServers.start(); S3Client client = s3Client(s3)) {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.rpush("rq:queue:default", "job-1", "job-2");
                jedis.hset("rq:job:job-1", Map.of("status", "queued", "origin", "default"));
                jedis.select(1);
                jedis.set(":1:config", "pickled config");
                // Deployment B's Redis (dbs 2 and 3) already holds a stale task and a stale cache entry.
                jedis.select(2);
                jedis.set("rq:job:stale", "from before");
                jedis.select(3);
                jedis.set(":1:config", "stale config");
            }
            Path mediaA = Files.createDirectories(work.resolve("a/media/devicetype-images"));
            Files.writeString(mediaA.resolve("front.png"), "front image");
            Files.createDirectories(work.resolve("a/media/image-attachments"));
            Files.writeString(work.resolve("a/media/image-attachments/rack.jpg"), "rack image");
            // An explicit type: s3proxy's Jetty rewrites "text/plain; charset=UTF-8", then rejects the signature.
            client.putObject(PutObjectRequest.builder().bucket(sourceBucket).key("scripts/sync.py")
                            .contentType("text/x-python").build(),
                    RequestBody.fromString("print('sync')"));

            Path a = writeDeployment("a.yml", pg, sourceDb, redis.port(), 0, 1, work.resolve("a/media"), s3,
                    sourceBucket);
            Path b = writeDeployment("b.yml", pg, targetDb, redis.port(), 2, 3, work.resolve("b/media"), s3,
                    targetBucket);
            Environment env = environment(s3);
            assertEquals(0, cli(env, "init").code());

            CommandRun backup = cli(env, "backup", "-c", a.toString(), "-j", "2");
            assertEquals(0, backup.code(), backup.err());
            String release = fixture.equals(Fixtures.NETBOX_V42) ? "4.2" : "3.7";
            assertTrue(backup.out().contains("saved (NetBox " + release + ")"), backup.out());

            CommandRun restore = cli(env, "restore", "latest", "-c", b.toString(), "-j", "2");
            assertEquals(0, restore.code(), restore.err());
            assertTrue(restore.out().contains("flushed the cache (Redis db 3, 1 keys)"), restore.out());
            assertTrue(restore.out().contains("python3 manage.py reindex --lazy"), restore.out());
            assertFalse(restore.err().contains("warning"), "same version, nothing to warn about: " + restore.err());

            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(pg, sourceDb), DatabaseSnapshot.capture(pg, targetDb));
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.select(2);
                assertEquals(java.util.List.of("job-1", "job-2"), jedis.lrange("rq:queue:default", 0, -1));
                assertEquals("queued", jedis.hget("rq:job:job-1", "status"));
                assertFalse(jedis.exists("rq:job:stale"), "the task database is replaced, not merged");
                jedis.select(3);
                assertEquals(0, jedis.dbSize(), "the cache database is flushed after the restore");
                jedis.select(1);
                assertEquals("pickled config", jedis.get(":1:config"), "the source is untouched");
            }
            assertEquals("front image", Files.readString(work.resolve("b/media/devicetype-images/front.png")));
            assertEquals("rack image", Files.readString(work.resolve("b/media/image-attachments/rack.jpg")));
            assertEquals("print('sync')", client.getObjectAsBytes(r -> r.bucket(targetBucket).key("scripts/sync.py"))
                    .asUtf8String());

            // A development copy without the changelog: the table stays, its rows do not.
            CommandRun slim = cli(env, "backup", "-c", a.toString(), "--exclude-changelog", "--json");
            assertEquals(0, slim.code(), slim.err());
            assertEquals(0, cli(env, "restore", "latest", "-c", b.toString(), "--only", "postgres").code());
            Map<String, Long> sourceRows = rowCounts(pg, sourceDb);
            Map<String, Long> targetRows = rowCounts(pg, targetDb);
            assertEquals(50L, sourceRows.get(changelog));
            assertEquals(0L, targetRows.get(changelog));
            sourceRows.remove(changelog);
            targetRows.remove(changelog);
            assertEquals(sourceRows, targetRows);
            assertEquals(1, client.listObjectsV2(ListObjectsV2Request.builder().bucket(targetBucket).build())
                    .keyCount());
        }
    }

    @Test
    void aNewerApplicationOverAnOlderTargetNeedsForceWhileAnOlderOneWarnsAndPrintsTheMigrationSteps()
            throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String sourceDb = pg.createDatabase("deploy_v42");
        Fixtures.load(pg, sourceDb, Fixtures.NETBOX_V42);
        String targetDb = pg.createDatabase("deploy_v37");
        Fixtures.load(pg, targetDb, Fixtures.NETBOX_V37);
        S3TestServer s3 = S3Servers.start();
        Path a = writeDeployment("a.yml", pg, sourceDb, -1, 0, 0, null, s3, null);
        Path b = writeDeployment("b.yml", pg, targetDb, -1, 0, 0, null, s3, null);
        Environment env = environment(s3);
        assertEquals(0, cli(env, "init").code());
        String v37 = snapshotId(cli(env, "backup", "-c", b.toString(), "--json"));
        String v42 = snapshotId(cli(env, "backup", "-c", a.toString(), "--json"));
        DatabaseSnapshot at37 = DatabaseSnapshot.capture(pg, targetDb);

        CommandRun refused = cli(env, "restore", v42, "-c", b.toString(), "--drop-previous");
        assertEquals(1, refused.code(), refused.toString());
        assertEquals("sot-backup: error: the snapshot holds NetBox 4.2 but the target runs NetBox 3.7: migrations "
                + "cannot run backwards; upgrade the target's application first, or --force\n", refused.err());
        DatabaseSnapshot.assertSame(at37, DatabaseSnapshot.capture(pg, targetDb));
        CommandRun storeByStore = cli(env, "restore", v42, "--replace", "--postgres", pg.conninfo(targetDb));
        assertEquals(1, storeByStore.code(), storeByStore.toString());
        assertEquals(refused.err(), storeByStore.err(), "store by store alike");
        DatabaseSnapshot.assertSame(at37, DatabaseSnapshot.capture(pg, targetDb));

        CommandRun forced = cli(env, "restore", v42, "-c", b.toString(), "--drop-previous", "--force");
        assertEquals(0, forced.code(), forced.err());
        String firstLine = forced.err().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("sot-backup: warning: the snapshot holds NetBox 4.2")
                && firstLine.contains("target database is at NetBox 3.7"), forced.err());
        assertTrue(forced.out().contains("python3 manage.py migrate"), forced.out());
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(pg, sourceDb), DatabaseSnapshot.capture(pg, targetDb));

        // Back to 3.7 over the 4.2 database: forwards from there is what migrate does, so a warning is enough.
        CommandRun older = cli(env, "restore", v37, "-c", b.toString(), "--drop-previous");
        assertEquals(0, older.code(), older.err());
        assertTrue(older.err().lines().findFirst().orElse("").startsWith(
                "sot-backup: warning: the snapshot holds NetBox 3.7"), older.err());
        assertTrue(older.out().contains("python3 manage.py migrate"), older.out());
        DatabaseSnapshot.assertSame(at37, DatabaseSnapshot.capture(pg, targetDb));
    }

    @Test
    void aRedisThatRefusesTheLoginFailsTheRestoreBeforeAnyDatabaseIsTouched() throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String sourceDb = pg.createDatabase("whole_src");
        Fixtures.load(pg, sourceDb, Fixtures.NETBOX_V42);
        String targetDb = pg.createDatabase("whole_dst");
        try (Connection connection = pg.connect(targetDb); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public.still_here (id int); INSERT INTO public.still_here VALUES (1)");
        }
        DatabaseSnapshot before = DatabaseSnapshot.capture(pg, targetDb);
        S3TestServer s3 = S3Servers.start();
        String redisPassword = "the right one";
        try (RedisServers.Server source = RedisServers.start();
             RedisServers.Server target = RedisServers.start("--requirepass", redisPassword)) {
            try (Jedis jedis = new Jedis("127.0.0.1", source.port())) {
                jedis.rpush("rq:queue:default", "job-1");
            }
            Path a = writeDeployment("a.yml", pg, sourceDb, source.port(), 0, 1, null, s3, null);
            Path b = writeDeployment("b.yml", pg, targetDb, target.port(), 0, 1, null, s3, null);
            Files.writeString(b, Files.readString(b).replace("redis://127.0.0.1", "redis://:wrong@127.0.0.1"));
            Environment env = environment(s3);
            assertEquals(0, cli(env, "init").code());
            assertEquals(0, cli(env, "backup", "-c", a.toString()).code());

            CommandRun restore = CommandRun.of(env, new String[] {"restore", "latest", "-c", b.toString(),
                    "--drop-previous"}, PASSWORD, "wrong", redisPassword);

            assertEquals(1, restore.code(), restore.toString());
            assertEquals(1, restore.err().lines().count(), restore.err());
            assertEquals("sot-backup: error: redis 127.0.0.1:" + source.port() + " → 127.0.0.1:" + target.port()
                    + ": Redis authentication failed for user default at 127.0.0.1:" + target.port()
                    + "; nothing was restored\n", restore.err());
            DatabaseSnapshot.assertSame(before, DatabaseSnapshot.capture(pg, targetDb));
            assertEquals(List.of(targetDb), databasesStartingWith(pg, targetDb), "no scratch or previous database");
        }
    }

    @Test
    void aStoreFailingAfterTheDatabasesLoadedLeavesTheOldDatabasesInPlace() throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String sourceDb = pg.createDatabase("later_src");
        Fixtures.load(pg, sourceDb, Fixtures.NETBOX_V42);
        String targetDb = pg.createDatabase("later_dst");
        Fixtures.load(pg, targetDb, Fixtures.NETBOX_V42);
        try (Connection connection = pg.connect(targetDb); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE public.dcim_site SET name = name || ' (target)'"); // its own state, kept
        }
        DatabaseSnapshot before = DatabaseSnapshot.capture(pg, targetDb);
        S3TestServer s3 = S3Servers.start();
        Files.createDirectories(work.resolve("a/media/devicetype-images"));
        Files.writeString(work.resolve("a/media/devicetype-images/front.png"), "front image");
        // In the target, a directory stands where the snapshot has that file: found only while writing files.
        Files.createDirectories(work.resolve("b/media/devicetype-images/front.png"));
        Path a = writeDeployment("a.yml", pg, sourceDb, -1, 0, 0, work.resolve("a/media"), s3, null);
        Path b = writeDeployment("b.yml", pg, targetDb, -1, 0, 0, work.resolve("b/media"), s3, null);
        Environment env = environment(s3);
        assertEquals(0, cli(env, "init").code());
        assertEquals(0, cli(env, "backup", "-c", a.toString()).code());

        CommandRun restore = cli(env, "restore", "latest", "-c", b.toString(), "--drop-previous");

        assertEquals(1, restore.code(), restore.toString());
        List<String> errors = restore.err().lines().filter(l -> l.startsWith("sot-backup: error:")).toList();
        assertEquals(1, errors.size(), restore.err());
        assertTrue(errors.getFirst().contains("a directory is in the way; no database was replaced (scratch "
                + "database " + targetDb + "_sotrestore_"), errors.getFirst());
        assertTrue(errors.getFirst().endsWith("files media → " + work.resolve("b/media")
                + " may be partly restored"), errors.getFirst());
        DatabaseSnapshot.assertSame(before, DatabaseSnapshot.capture(pg, targetDb));
        assertEquals(List.of(targetDb), databasesStartingWith(pg, targetDb), "no scratch or previous database");
    }

    @Test
    void invalidateCacheFlushesTheCacheTheDeploymentFileNames() throws Exception {
        try (RedisServers.Server redis = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.select(4);
                jedis.set("rq:queue:default", "task");
                jedis.select(5);
                jedis.set(":1:config", "cached");
            }
            Path file = work.resolve("nautobot.yml");
            Files.writeString(file, "profile: nautobot\nredis:\n  uri: " + redis.url() + "\n  tasks_db: 4\n"
                    + "  cache_db: 5\ndirectories: {}\n");
            CommandRun run = cli(Environment.empty(), "invalidate-cache", "-c", file.toString());
            assertEquals(0, run.code(), run.toString());
            assertTrue(run.out().contains("flushed Redis database 5"), run.out());
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.select(4);
                assertEquals("task", jedis.get("rq:queue:default"));
                jedis.select(5);
                assertEquals(0, jedis.dbSize());
            }
            Files.writeString(file, "profile: nautobot\nredis:\n  uri: " + redis.url() + "\n  tasks_db: 4\n"
                    + "  cache_db: 4\ndirectories: {}\n");
            CommandRun shared = cli(Environment.empty(), "invalidate-cache", "-c", file.toString());
            assertEquals(2, shared.code(), shared.toString());
            assertTrue(shared.err().contains("would drop the task queue"), shared.err());
        }
    }

    @Test
    void aBadDeploymentFileIsOneLineAndTouchesNothing() throws Exception {
        S3TestServer s3 = S3Servers.start();
        Environment env = environment(s3);
        assertEquals(0, cli(env, "init").code());
        Path bad = work.resolve("bad.yml");
        Files.writeString(bad, "profile: netbox\npostgres:\n  hostname: db\n");
        CommandRun run = cli(env, "backup", "-c", bad.toString());
        assertEquals(1, run.code());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("unknown key postgres.hostname"), run.err());
        CommandRun generic = cli(env, "backup", "--dir", "m=" + work, "--exclude-changelog");
        assertEquals(2, generic.code(), generic.err());
        assertTrue(generic.err().contains("--exclude-changelog needs a profile"), generic.err());
        assertEquals("[]", cli(env, "snapshots", "--json").out().strip());
    }

    private Path writeDeployment(String name, TestServer pg, String database, int redisPort, int tasksDb, int cacheDb,
                                 Path media, S3TestServer s3, String bucket) throws Exception {
        StringBuilder yaml = new StringBuilder();
        yaml.append("profile: netbox\n");
        yaml.append("postgres:\n  host: ").append(pg.host()).append("\n  port: ").append(pg.port())
                .append("\n  user: ").append(pg.superuser()).append("\n  database: ").append(database).append('\n');
        if (redisPort > 0) {
            yaml.append("redis:\n  uri: redis://127.0.0.1:").append(redisPort).append("\n  tasks_db: ").append(tasksDb)
                    .append("\n  cache_db: ").append(cacheDb).append('\n');
        }
        if (media != null) {
            yaml.append("directories:\n  media: ").append(media).append('\n');
        }
        if (bucket != null) {
            yaml.append("bucket:\n  endpoint: ").append(s3.endpoint()).append("\n  name: ").append(bucket).append('\n');
        }
        Path file = work.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static String snapshotId(CommandRun backup) {
        assertEquals(0, backup.code(), backup.err());
        return backup.out().replaceAll("(?s).*\"snapshot_id\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
    }

    private static List<String> databasesStartingWith(TestServer pg, String prefix) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (Connection connection = pg.connect("postgres");
             java.sql.PreparedStatement statement = connection.prepareStatement(
                     "SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY 1")) {
            statement.setString(1, prefix);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private static Map<String, Long> rowCounts(TestServer pg, String database) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = pg.connect(database); Statement statement = connection.createStatement()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM public.\"" + table + "\"")) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        }
        return counts;
    }

    private static S3Client s3Client(S3TestServer s3) {
        return S3Client.builder().endpointOverride(s3.endpoint()).credentialsProvider(s3.credentials())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    }

    private Environment environment(S3TestServer s3) {
        return CommandRun.repositoryEnvironment(work.resolve("repo"), PASSWORD).withBackendOptions(s3.backendOptions());
    }

    private static CommandRun cli(Environment env, String... args) {
        return CommandRun.of(env, args, PASSWORD);
    }
}
