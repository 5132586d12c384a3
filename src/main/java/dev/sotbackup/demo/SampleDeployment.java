package dev.sotbackup.demo;

import dev.sotbackup.generator.NetboxShapedGenerator;
import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.repository.backend.BackendOptions;
import dev.sotbackup.repository.backend.S3Backend;
import dev.sotbackup.repository.backend.S3Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The demo's NetBox: what a NetBox 4.2 deployment keeps in each store, built deterministically on the embedded
 * servers — the database from {@link NetboxShapedGenerator}, RQ task keys in Redis database 0 and Django cache
 * keys in 1 as NetBox writes them, uploaded images in the media directory and in a bucket — and the two
 * deployment files ({@code netbox-a.yml} for it, {@code netbox-b.yml} for the deployment it is restored into).
 */
final class SampleDeployment {

    static final String ROLE = "netbox";
    static final String DATABASE_A = "netbox";
    static final String DATABASE_B = "netbox_restored";
    static final int TASKS_DB_A = 0;
    static final int CACHE_DB_A = 1;
    static final int TASKS_DB_B = 2;
    static final int CACHE_DB_B = 3;
    static final String BUCKET_A = "netbox-media";
    static final String BUCKET_B = "netbox-media-restored";
    static final String REPOSITORY_BUCKET = "sot-backup-repo";

    private static final long SEED = 42;
    /** Every file and job carries a time from the demo data's era, so mtimes visibly survive the round trip. */
    private static final Instant UPLOADED = Instant.parse("2024-11-05T14:30:00Z");
    private static final List<String> MEDIA_FILES = List.of(
            "devicetype-images/juniper-mx204.front.png", "devicetype-images/juniper-mx204.rear.png",
            "devicetype-images/arista-dcs-7050sx3-48yc8.front.png", "devicetype-images/cisco-c9300-48p.front.png",
            "image-attachments/dcim_site_1_lobby.jpg", "image-attachments/dcim_rack_12_cabling.jpg",
            "image-attachments/dcim_device_7_label.png");
    private static final List<String> BUCKET_OBJECTS = List.of(
            "devicetype-images/paloalto-pa-3220.front.png", "image-attachments/dcim_rack_3_front.jpg",
            "image-attachments/dcim_rack_3_rear.jpg", "image-attachments/circuits_circuit_9_handoff.pdf");

    /** What {@link #populate} put into deployment A. */
    record Contents(NetboxShapedGenerator.Result database, int tables, int taskKeys,
                    int cacheKeys, int mediaFiles, long mediaBytes, int objects, long objectBytes) {
    }

    private final EmbeddedServers servers;
    /** Where the deployment files and media directories go: the kept directory, else the servers' temp root. */
    private final Path directory;
    private final SplittableRandom random = new SplittableRandom(SEED);

    SampleDeployment(EmbeddedServers servers, Path directory) {
        this.servers = servers;
        this.directory = directory;
    }

    Path fileA() {
        return directory.resolve("netbox-a.yml");
    }

    Path fileB() {
        return directory.resolve("netbox-b.yml");
    }

    Path mediaA() {
        return directory.resolve("netbox-a").resolve("media");
    }

    Path mediaB() {
        return directory.resolve("netbox-b").resolve("media");
    }

    /** The buckets in the demo's S3 server, as the project's S3 code reaches them. */
    BucketSource bucket(String name) {
        return BucketSource.of(servers.s3().endpoint(), name, "").withCredentials(servers.s3().credentials());
    }

    /** "PostgreSQL 15.12, Redis 7.0.15, S3 (s3proxy)" as the servers report themselves. */
    String serverVersions() throws SQLException {
        String postgres;
        try (Connection connection = connect("postgres", PostgresServer.SUPERUSER);
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SHOW server_version")) {
            rows.next();
            postgres = rows.getString(1).split(" ")[0];
        }
        String redis = "";
        try (Jedis jedis = new Jedis(PostgresServer.HOST, servers.redis().port())) {
            for (String line : jedis.info("server").split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    redis = " " + line.substring("redis_version:".length()).strip();
                }
            }
        }
        return "PostgreSQL " + postgres + ", Redis" + redis + ", S3 (s3proxy)";
    }

    /** Fills every store of deployment A; creates what deployment B starts with (empty, and a stale cache). */
    Contents populate(long databaseBytes) throws IOException, SQLException {
        DatabaseSummary database = createDatabase(databaseBytes);
        int[] redisKeys = fillRedis();
        long mediaBytes = writeMedia();
        servers.s3().createBucket(BUCKET_A);
        servers.s3().createBucket(BUCKET_B);
        servers.s3().createBucket(REPOSITORY_BUCKET);
        long objectBytes = putObjects();
        Files.createDirectories(mediaB());
        return new Contents(database.result(), database.tables(), redisKeys[0],
                redisKeys[1], MEDIA_FILES.size(), mediaBytes, BUCKET_OBJECTS.size(), objectBytes);
    }

    private record DatabaseSummary(NetboxShapedGenerator.Result result, int tables) {
    }

    /** Role {@code netbox} (may create databases, as a restore into a new one needs), its database, the rows. */
    private DatabaseSummary createDatabase(long databaseBytes) throws SQLException {
        try (Connection admin = connect("postgres", PostgresServer.SUPERUSER);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + ROLE + " LOGIN CREATEDB");
            statement.execute("CREATE DATABASE " + DATABASE_A + " OWNER " + ROLE);
        }
        try (Connection netbox = connect(DATABASE_A, ROLE)) {
            NetboxShapedGenerator.Result result = new NetboxShapedGenerator(SEED).generate(netbox, databaseBytes);
            int tables;
            try (Statement statement = netbox.createStatement();
                 var rows = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
                rows.next();
                tables = rows.getInt(1);
            }
            return new DatabaseSummary(result, tables);
        }
    }

    private Connection connect(String database, String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + PostgresServer.HOST + ":"
                + servers.postgres().port() + "/" + database, properties);
    }

    /**
     * RQ's keys in the task database (queues, job hashes with pickled payloads, finished jobs with their result
     * TTL), django-redis' ":1:" keys in the cache database; and a stale cache in deployment B's cache database,
     * which the restore must flush. Returns {task keys, cache keys} of deployment A.
     */
    private int[] fillRedis() {
        int taskKeys = 0;
        int cacheKeys;
        try (Jedis jedis = new Jedis(PostgresServer.HOST, servers.redis().port())) {
            jedis.select(TASKS_DB_A);
            jedis.sadd("rq:queues", "rq:queue:default", "rq:queue:high", "rq:queue:low");
            taskKeys++;
            List<String> queued = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = new UUID(random.nextLong(), random.nextLong()).toString();
                boolean finished = i >= 3;
                String key = "rq:job:" + id;
                Instant created = UPLOADED.plusSeconds(60L * i);
                jedis.hset(key.getBytes(StandardCharsets.UTF_8), Map.of(
                        bytes("status"), bytes(finished ? "finished" : "queued"),
                        bytes("origin"), bytes("default"),
                        bytes("description"), bytes("netbox.jobs.sync_datasource(" + (i + 1) + ")"),
                        bytes("created_at"), bytes(created.toString()),
                        bytes("enqueued_at"), bytes(created.plusMillis(12).toString()),
                        bytes("timeout"), bytes("300"),
                        bytes("data"), payload(180 + 40 * i)));
                if (finished) {
                    jedis.expire(key, 500 + 60L * i); // RQ keeps a finished job for result_ttl seconds
                    jedis.zadd("rq:finished:default", created.getEpochSecond() + 5, id);
                } else {
                    queued.add(id);
                }
                taskKeys++;
            }
            jedis.rpush("rq:queue:default", queued.toArray(String[]::new));
            taskKeys += 2;
            jedis.set("rq:scheduler-lock:default", "worker-1", redis.clients.jedis.params.SetParams.setParams()
                    .ex(3600));
            taskKeys++;

            jedis.select(CACHE_DB_A);
            jedis.set(bytes(":1:config"), payload(600)); // NetBox's cached ConfigRevision, no expiry
            jedis.set(":1:config_version", "7");
            jedis.setex(":1:netbox.dcim.sites.counts", 900, "{\"active\": 12}");
            cacheKeys = 3;

            jedis.select(CACHE_DB_B);
            jedis.set(bytes(":1:config"), payload(400)); // deployment B's stale cache: the restore flushes it
        }
        return new int[] {taskKeys, cacheKeys};
    }

    /** Uploaded images as NetBox stores them under MEDIA_ROOT, with the upload's time as mtime. */
    private long writeMedia() throws IOException {
        long bytes = 0;
        for (int i = 0; i < MEDIA_FILES.size(); i++) {
            Path file = mediaA().resolve(MEDIA_FILES.get(i));
            Files.createDirectories(file.getParent());
            byte[] content = payload(2_000 + 3_000 * i);
            Files.write(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setLastModifiedTime(file, FileTime.from(UPLOADED.plusSeconds(3600L * i)));
            bytes += content.length;
        }
        return bytes;
    }

    /** Uploads as django-storages puts them into a bucket: content type and a little user metadata. */
    private long putObjects() {
        long bytes = 0;
        S3Location location = new S3Location(servers.s3().endpoint(), BUCKET_A, "", true);
        try (S3Client s3 = S3Backend.client(location,
                BackendOptions.defaults().withS3Credentials(servers.s3().credentials()))) {
            for (int i = 0; i < BUCKET_OBJECTS.size(); i++) {
                String key = BUCKET_OBJECTS.get(i);
                byte[] content = payload(5_000 + 7_000 * i);
                s3.putObject(PutObjectRequest.builder().bucket(BUCKET_A).key(key).contentType(contentType(key))
                        .metadata(Map.of("uploaded-by", i % 2 == 0 ? "admin" : "netops")).build(),
                        RequestBody.fromBytes(content));
                bytes += content.length;
            }
        }
        return bytes;
    }

    /**
     * Writes both deployment files and returns deployment A's text: what an operator writes for a NetBox, here
     * pointing at the embedded servers.
     */
    String writeDeploymentFiles() throws IOException {
        String a = deploymentFile("netbox-a", "Deployment A of the sot-backup demo: the NetBox that is backed up.",
                DATABASE_A, TASKS_DB_A, CACHE_DB_A, mediaA(), BUCKET_A);
        String b = deploymentFile("netbox-b", "Deployment B of the sot-backup demo: where A's snapshot is restored.",
                DATABASE_B, TASKS_DB_B, CACHE_DB_B, mediaB(), BUCKET_B);
        Files.writeString(fileA(), a, StandardCharsets.UTF_8);
        Files.writeString(fileB(), b, StandardCharsets.UTF_8);
        return a;
    }

    private String deploymentFile(String name, String comment, String database, int tasksDb, int cacheDb,
                                  Path media, String bucket) {
        return "# " + comment + "\n"
                + "# A real NetBox's file looks the same with its own hosts. Passwords: password_file or password_env\n"
                + "# (the demo's servers trust local connections); bucket credentials: AWS_ACCESS_KEY_ID and\n"
                + "# AWS_SECRET_ACCESS_KEY (the demo passes its own).\n"
                + "profile: netbox\n"
                + "name: " + name + "\n"
                + "postgres:\n"
                + "  host: " + PostgresServer.HOST + "\n"
                + "  port: " + servers.postgres().port() + "\n"
                + "  user: " + ROLE + "\n"
                + "  database: " + database + "\n"
                + "redis:\n"
                + "  uri: " + servers.redis().url() + "\n"
                + "  tasks_db: " + tasksDb + "\n"
                + "  cache_db: " + cacheDb + "\n"
                + "directories:\n"
                + "  media: " + media.toAbsolutePath() + "\n"
                + "bucket:\n"
                + "  endpoint: " + servers.s3().endpoint() + "\n"
                + "  name: " + bucket + "\n";
    }

    private static String contentType(String key) {
        if (key.endsWith(".png")) {
            return "image/png";
        }
        if (key.endsWith(".jpg")) {
            return "image/jpeg";
        }
        return key.endsWith(".pdf") ? "application/pdf" : "application/octet-stream";
    }

    /** Deterministic bytes that do not compress to nothing, like images and pickles. */
    private byte[] payload(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
