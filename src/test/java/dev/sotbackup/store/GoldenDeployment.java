package dev.sotbackup.store;

import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.Profile;
import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.testing.S3TestServer;
import dev.sotbackup.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.Tuple;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The small deployment whose snapshot is kept as a golden repository under
 * {@code src/test/resources/repositories/format-N/}: what is put into each store (so that a test can put it in
 * again and compare), and a comparable description of what a store holds. {@link GoldenRepositoryWriter} writes
 * the repository; {@link SnapshotFormatCompatibilityTest} restores it with the current code.
 */
final class GoldenDeployment {

    static final String PASSWORD = "golden repository of format 1";
    static final String MEDIA = "media";
    static final String PREFIX = "uploads";
    static final int TASKS_DB = 0;
    static final int CACHE_DB = 1;
    /** 2100-01-01T00:00:00Z: far enough that the key is alive whenever the test runs. */
    static final long SESSION_EXPIRES_AT = 4_102_444_800_000L;

    /**
     * A NetBox-shaped corner of a database: a migrations table (so the manifest records an application version),
     * a changelog, a table with a large object, a free-standing sequence moved on, serials, arrays, jsonb, bytea,
     * a view and a comment.
     */
    static final String SQL = """
            CREATE TABLE public.django_migrations (id serial PRIMARY KEY, app text NOT NULL, name text NOT NULL,
                applied timestamptz NOT NULL);
            INSERT INTO public.django_migrations (app, name, applied) VALUES
                ('core', '0012_job_object_type_optional', '2025-01-10 10:00:00+00'),
                ('dcim', '0200_populate_mac_addresses', '2025-01-10 10:00:01+00'),
                ('extras', '0122_charfield_null_choices', '2025-01-10 10:00:02+00'),
                ('ipam', '0076_natural_ordering', '2025-01-10 10:00:03+00'),
                ('users', '0009_update_group_perms', '2025-01-10 10:00:04+00');
            CREATE TABLE public.dcim_site (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE,
                created timestamptz NOT NULL, tags text[] NOT NULL DEFAULT '{}', custom jsonb);
            INSERT INTO public.dcim_site (name, created, tags, custom) VALUES
                ('Paris — DC1', '2024-03-01 08:00:00.123456+01', '{core,"two words"}', '{"floor": 3}'),
                ('Tōkyō', '2024-03-02 09:30:00+09', '{}', NULL),
                ('tab	and "quotes"', '2024-03-03 00:00:00+00', '{edge}', '{"a": [1, 2, null]}');
            CREATE TABLE public.dcim_device (id bigserial PRIMARY KEY,
                site_id bigint NOT NULL REFERENCES public.dcim_site (id), name text, serial bytea);
            INSERT INTO public.dcim_device (site_id, name, serial)
                SELECT 1 + n % 3, 'device-' || n, decode(md5(n::text), 'hex') FROM generate_series(1, 40) n;
            CREATE INDEX dcim_device_site ON public.dcim_device (site_id);
            CREATE TABLE public.extras_imageattachment (id integer PRIMARY KEY, name text NOT NULL, image oid);
            INSERT INTO public.extras_imageattachment VALUES
                (1, 'rack 42 front.png', lo_from_bytea(424242, decode(repeat('89504e470d0a1a0a', 64), 'hex')));
            COMMENT ON LARGE OBJECT 424242 IS 'front of rack 42';
            CREATE TABLE public.core_objectchange (id bigserial PRIMARY KEY, time timestamptz NOT NULL,
                action text NOT NULL, data jsonb);
            INSERT INTO public.core_objectchange (time, action, data) VALUES
                ('2025-02-01 12:00:00+00', 'create', '{"name": "Paris — DC1"}'),
                ('2025-02-01 12:05:00+00', 'update', '{"name": "Tōkyō"}');
            CREATE SEQUENCE public.ticket_number START 1000;
            SELECT setval('public.ticket_number', 1042);
            CREATE VIEW public.site_devices AS
                SELECT s.name AS site, count(d.id) AS devices FROM public.dcim_site s
                LEFT JOIN public.dcim_device d ON d.site_id = s.id GROUP BY s.name;
            COMMENT ON TABLE public.dcim_site IS 'where devices live';
            """;

    private GoldenDeployment() {
    }

    /** The deployment of one database, Redis with known roles, the media directory and the uploads prefix. */
    static Deployment deployment(TestServer pg, String database, String redisUrl, Path media, S3TestServer s3,
                                 String bucket) throws IOException {
        RedisTarget redis = RedisTarget.parse(redisUrl);
        return new Deployment("golden", Profile.NETBOX,
                List.of(new Deployment.Database(database, ConnInfo.parse(pg.conninfo(database)))),
                new Deployment.RedisStores(redis, TASKS_DB, redis, CACHE_DB), Map.of(MEDIA, media),
                BucketSource.of(s3.endpoint(), bucket, PREFIX).withCredentials(s3.credentials()), List.of());
    }

    static void loadDatabase(TestServer pg, String database) throws Exception {
        try (Connection connection = pg.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(SQL);
        }
    }

    /** Keys of every type in the task database, one expiring in 2100; the cache gets a key that is not backed up. */
    static void loadRedis(Jedis jedis) {
        jedis.select(TASKS_DB);
        jedis.set("rq:job:1", "queued");
        jedis.set(new byte[] {'b', 'i', 'n', 0, (byte) 0xff}, new byte[] {0, 1, 2, (byte) 0xfe});
        jedis.hset("rq:job:2", Map.of("status", "finished", "result", "42"));
        jedis.rpush("rq:queue:default", "job-1", "job-2", "job-3");
        jedis.sadd("rq:workers", "worker-a", "worker-b");
        jedis.zadd("rq:scheduled", Map.of("job-4", 1.5, "job-5", 2.25));
        jedis.xadd("events", new StreamEntryID(1700000000000L, 0), Map.of("kind", "created"));
        jedis.xadd("events", new StreamEntryID(1700000000001L, 0), Map.of("kind", "updated"));
        jedis.set("session:abc", "logged-in");
        jedis.pexpireAt("session:abc", SESSION_EXPIRES_AT);
        jedis.select(CACHE_DB);
        jedis.set(":1:config", "stale cache entry");
    }

    /**
     * Every key of the database {@code jedis} has selected, with its type, value and whether it expires, in key
     * order. (When it expires is for the caller to compare: a restored expiry may be a few milliseconds earlier.)
     */
    static SortedMap<String, String> redisContents(Jedis jedis) {
        SortedMap<String, String> contents = new TreeMap<>();
        for (byte[] key : jedis.keys("*".getBytes(StandardCharsets.UTF_8))) {
            String type = jedis.type(key);
            String value = switch (type) {
                case "string" -> HexFormat.of().formatHex(jedis.get(key));
                case "hash" -> new TreeMap<>(jedis.hgetAll(new String(key, StandardCharsets.UTF_8))).toString();
                case "list" -> jedis.lrange(key, 0, -1).stream().map(b -> new String(b, StandardCharsets.UTF_8))
                        .toList().toString();
                case "set" -> new java.util.TreeSet<>(jedis.smembers(new String(key, StandardCharsets.UTF_8)))
                        .toString();
                case "zset" -> jedis.zrangeWithScores(new String(key, StandardCharsets.UTF_8), 0, -1).stream()
                        .map(Tuple::toString).toList().toString();
                case "stream" -> jedis.xrange(new String(key, StandardCharsets.UTF_8), (StreamEntryID) null,
                        (StreamEntryID) null).stream().map(StreamEntry::toString).toList().toString();
                default -> throw new AssertionError("unexpected type " + type);
            };
            contents.put(HexFormat.of().formatHex(key), type + " " + value + (jedis.pexpireTime(key) < 0 ? "" : " expiring"));
        }
        return contents;
    }

    /**
     * The media tree: files of several modes, a non-ASCII name, an empty file, a symlink, an empty directory; every
     * mtime fixed (nanoseconds included), directories' last, so that writing their children does not move them.
     */
    static void createMedia(Path root) throws IOException {
        Files.createDirectories(root.resolve("devicetype-images"));
        Files.createDirectories(root.resolve("image-attachments"));
        Files.createDirectories(root.resolve("scripts"));
        write(root.resolve("devicetype-images/rack 42 — front.png"), "not really a png".repeat(100), 0640, 1);
        write(root.resolve("scripts/sync.py"), "#!/usr/bin/env python3\nprint('sync')\n", 0755, 2);
        write(root.resolve("README"), "media of the golden deployment\n", 0644, 3);
        write(root.resolve("empty.txt"), "", 0600, 4);
        Path link = Files.createSymbolicLink(root.resolve("logo.png"), Path.of("devicetype-images/rack 42 — front.png"));
        Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(time(5), null, null);
        directory(root.resolve("image-attachments"), 0750, 6);
        directory(root.resolve("devicetype-images"), 0755, 7);
        directory(root.resolve("scripts"), 0700, 8);
        directory(root, 0755, 9);
    }

    /** Path → type, mode, mtime and content (or link target) of every entry under {@code root}, root included. */
    static SortedMap<String, String> describeTree(Path root) throws IOException {
        SortedMap<String, String> tree = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                tree.put(name(dir), "dir " + describe(dir, attributes));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                tree.put(name(file), attributes.isSymbolicLink()
                        ? "symlink → " + Files.readSymbolicLink(file) + " " + attributes.lastModifiedTime()
                        : "file " + describe(file, attributes) + " " + HexFormat.of().formatHex(Files.readAllBytes(file)));
                return FileVisitResult.CONTINUE;
            }

            private String name(Path path) {
                return root.equals(path) ? "." : root.relativize(path).toString();
            }

            private String describe(Path path, BasicFileAttributes attributes) throws IOException {
                int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                return Integer.toOctalString(mode) + " " + attributes.lastModifiedTime();
            }
        });
        return tree;
    }

    /** Two objects under the prefix with their headers and user metadata, and one outside it. */
    static void fillBucket(S3Client s3, String bucket) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(PREFIX + "/image-attachments/rack 1.png")
                .contentType("image/png").cacheControl("max-age=3600").contentDisposition("inline")
                .metadata(Map.of("uploaded-by", "admin", "rack", "42")).build(),
                RequestBody.fromBytes(HexFormat.of().parseHex("89504e470d0a1a0a".repeat(32))));
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(PREFIX + "/scripts/sync.py")
                .contentType("text/x-python").contentEncoding("identity").metadata(Map.of()).build(),
                RequestBody.fromString("print('hi')\n"));
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key("elsewhere.txt").build(),
                RequestBody.fromString("not part of the deployment"));
    }

    /** Key relative to {@code prefix} → content and the headers a restore puts back. */
    static SortedMap<String, String> describeBucket(S3Client s3, String bucket, String prefix) {
        SortedMap<String, String> objects = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/")).contents()) {
            var got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()));
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(object.key()));
            objects.put(object.key().substring(prefix.length() + 1), HexFormat.of().formatHex(got.asByteArray())
                    + " type=" + head.contentType() + " encoding=" + contentEncoding(head) + " cache="
                    + head.cacheControl() + " disposition=" + head.contentDisposition() + " metadata="
                    + new TreeMap<>(head.metadata()));
        }
        return objects;
    }

    /**
     * The object's Content-Encoding without {@code aws-chunked}: s3proxy keeps that transfer encoding of the SDK's
     * uploads in the header (S3 removes it), so every upload through it — the restore's too — adds one more.
     */
    private static String contentEncoding(HeadObjectResponse head) {
        if (head.contentEncoding() == null) {
            return null;
        }
        return String.join(",", java.util.Arrays.stream(head.contentEncoding().split(","))
                .filter(token -> !token.strip().equals("aws-chunked")).toList());
    }

    static S3Client client(S3TestServer s3) {
        return S3Client.builder().endpointOverride(s3.endpoint()).credentialsProvider(s3.credentials())
                .region(Region.US_EAST_1).forcePathStyle(true)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    }

    private static void write(Path file, String content, int mode, int minute) throws IOException {
        Files.writeString(file, content);
        Files.setAttribute(file, "unix:mode", mode);
        Files.setLastModifiedTime(file, time(minute));
    }

    private static void directory(Path dir, int mode, int minute) throws IOException {
        Files.setAttribute(dir, "unix:mode", mode);
        Files.setLastModifiedTime(dir, time(minute));
    }

    /** Fixed instants with odd nanoseconds, so that a restore that loses precision shows. */
    private static FileTime time(int minute) {
        return FileTime.from(Instant.parse("2024-05-17T08:30:00.123456789Z").plusSeconds(60L * minute));
    }
}
