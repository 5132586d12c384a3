package dev.sotbackup.demo;

import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.repository.backend.BackendOptions;
import dev.sotbackup.repository.backend.S3Backend;
import dev.sotbackup.repository.backend.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Compares a restored deployment with the one it was backed up from, store by store: every table's rows (count
 * and an order-independent digest), the task database's keys (type, contents and whether each expires), that the
 * target's cache database was flushed, every file (content, size, mode, mtime) and every object (content,
 * content type, user metadata).
 *
 * <p>The demo runs it beside {@code RestoreDrill}: the drill proves the snapshot restores as recorded, this proves
 * the deployment restore put it where deployment B keeps it (task database remapped, cache flushed, other bucket).
 */
public final class DeploymentComparison {

    /** What was compared and every difference found (empty when B matches A). */
    public record Comparison(int tables, long rows, long redisKeys, long files, long objects,
                             List<String> differences) {
        public Comparison {
            differences = List.copyOf(differences);
        }

        public boolean identical() {
            return differences.isEmpty();
        }
    }

    private final List<String> differences = new ArrayList<>();
    private int tables;
    private long rows;
    private long redisKeys;
    private long files;
    private long objects;

    private DeploymentComparison() {
    }

    static Comparison compare(Deployment source, Deployment target) throws IOException, SQLException {
        DeploymentComparison comparison = new DeploymentComparison();
        for (int i = 0; i < source.databases().size(); i++) {
            comparison.databases(source.databases().get(i), target.databaseFor(source.databases().get(i).name(), i));
        }
        if (source.redis() != null && target.redis() != null) {
            comparison.redis(source.redis(), target.redis());
        }
        for (Map.Entry<String, Path> directory : source.directories().entrySet()) {
            comparison.directories(directory.getKey(), directory.getValue(),
                    target.directories().get(directory.getKey()));
        }
        if (source.bucket() != null && target.bucket() != null) {
            comparison.buckets(source.bucket(), target.bucket());
        }
        return new Comparison(comparison.tables, comparison.rows, comparison.redisKeys, comparison.files,
                comparison.objects, comparison.differences);
    }

    private void databases(Deployment.Database source, Deployment.Database target) throws SQLException {
        if (target == null) {
            differences.add("database " + source.name() + " has no counterpart");
            return;
        }
        Map<String, String> expected;
        Map<String, String> actual;
        try (Connection connection = Connector.open(source.conninfo())) {
            expected = tableDigests(connection);
        }
        try (Connection connection = Connector.open(target.conninfo())) {
            actual = tableDigests(connection);
        }
        for (Map.Entry<String, String> table : expected.entrySet()) {
            String restored = actual.get(table.getKey());
            if (restored == null) {
                differences.add("table " + table.getKey() + " is missing from " + target.name());
            } else if (!restored.equals(table.getValue())) {
                differences.add("table " + table.getKey() + ": " + describeRows(table.getValue()) + " in "
                        + source.name() + ", " + describeRows(restored) + " in " + target.name());
            }
            tables++;
            rows += Long.parseLong(table.getValue().substring(0, table.getValue().indexOf(' ')));
        }
        actual.keySet().stream().filter(table -> !expected.containsKey(table))
                .forEach(table -> differences.add("table " + table + " is only in " + target.name()));
    }

    private static String describeRows(String digest) {
        String[] parts = digest.split(" ", 2);
        return parts[0] + " rows (digest " + parts[1].substring(0, Math.min(8, parts[1].length())) + ")";
    }

    /** Table → "rows digest", the digest of each row's text, sorted, so physical order does not matter. */
    private static Map<String, String> tableDigests(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT c.oid::regclass::text FROM pg_class c "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' "
                     + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                     + "AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        Map<String, String> digests = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : names) {
                try (ResultSet result = statement.executeQuery("SELECT count(*), coalesce(md5(string_agg(r.h, '' "
                        + "ORDER BY r.h)), '-') FROM (SELECT md5(t::text) AS h FROM " + table + " t) r")) {
                    result.next();
                    digests.put(table, result.getLong(1) + " " + result.getString(2));
                }
            }
        }
        return digests;
    }

    private void redis(Deployment.RedisStores source, Deployment.RedisStores target) {
        try (Jedis from = jedis(source.tasks().host(), source.tasks().port(), source.tasksDb());
             Jedis to = jedis(target.tasks().host(), target.tasks().port(), target.tasksDb())) {
            List<byte[]> keys = keys(from);
            long restoredKeys = to.dbSize();
            if (restoredKeys != keys.size()) {
                differences.add("Redis: " + keys.size() + " keys in db " + source.tasksDb() + ", " + restoredKeys
                        + " in db " + target.tasksDb());
            }
            for (byte[] key : keys) {
                String name = new String(key, StandardCharsets.UTF_8);
                if (!to.exists(key)) {
                    differences.add("Redis key " + name + " was not restored");
                } else if (!value(from, key).equals(value(to, key))) {
                    differences.add("Redis key " + name + " has other contents after the restore");
                } else if ((from.pttl(key) > 0) != (to.pttl(key) > 0)) {
                    differences.add("Redis key " + name + " lost or gained its expiry");
                }
            }
            redisKeys += keys.size();
        }
        try (Jedis cache = jedis(target.cache().host(), target.cache().port(), target.cacheDb())) {
            long stale = cache.dbSize();
            if (stale != 0) {
                differences.add("Redis cache db " + target.cacheDb() + " still holds " + stale
                        + " keys; a restore must flush it");
            }
        }
    }

    /**
     * A key's type and contents in a canonical form. Not DUMP: a hash or set in a hash table serializes in its
     * table's iteration order, which a RESTORE into a fresh table need not reproduce.
     */
    private static String value(Jedis jedis, byte[] key) {
        String type = jedis.type(key);
        Object contents = switch (type) {
            case "string" -> HexFormat.of().formatHex(jedis.get(key));
            case "list" -> jedis.lrange(key, 0, -1).stream().map(HexFormat.of()::formatHex).toList();
            case "set" -> jedis.smembers(key).stream().map(HexFormat.of()::formatHex).sorted().toList();
            case "zset" -> jedis.zrangeWithScores(key, 0, -1).stream()
                    .map(t -> HexFormat.of().formatHex(t.getBinaryElement()) + "=" + t.getScore()).toList();
            case "hash" -> {
                Map<String, String> fields = new TreeMap<>();
                jedis.hgetAll(key).forEach((field, v) -> fields.put(HexFormat.of().formatHex(field),
                        HexFormat.of().formatHex(v)));
                yield fields;
            }
            default -> HexFormat.of().formatHex(jedis.dump(key)); // streams and modules: DUMP is what we have
        };
        return type + " " + contents;
    }

    private static Jedis jedis(String host, int port, int db) {
        Jedis jedis = new Jedis(host, port);
        jedis.select(db);
        return jedis;
    }

    private static List<byte[]> keys(Jedis jedis) {
        List<byte[]> keys = new ArrayList<>();
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        do {
            ScanResult<byte[]> page = jedis.scan(cursor, new ScanParams().count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursorAsBytes();
        } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        return keys;
    }

    private void directories(String name, Path source, Path target) throws IOException {
        if (target == null) {
            differences.add("directory " + name + " has no counterpart");
            return;
        }
        Map<String, String> expected = fileFacts(source);
        Map<String, String> actual = fileFacts(target);
        for (Map.Entry<String, String> file : expected.entrySet()) {
            String restored = actual.get(file.getKey());
            if (!file.getValue().equals(restored)) {
                differences.add("directory " + name + ": " + file.getKey() + (restored == null ? " is missing"
                        : " differs (" + file.getValue() + " vs " + restored + ")"));
            }
        }
        actual.keySet().stream().filter(path -> !expected.containsKey(path))
                .forEach(path -> differences.add("directory " + name + ": " + path + " is only in " + target));
        files += expected.values().stream().filter(facts -> !facts.startsWith("dir ")).count();
    }

    /** Relative path → type, mode, mtime (ms) and for files size and SHA-256. */
    private static Map<String, String> fileFacts(Path root) throws IOException {
        Map<String, String> facts = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String mode = PosixFilePermissions.toString(attributes.permissions());
                String common = mode + " " + attributes.lastModifiedTime().toMillis();
                String relative = root.relativize(path).toString();
                if (attributes.isDirectory()) {
                    facts.put(relative, "dir " + mode);
                } else if (attributes.isSymbolicLink()) {
                    facts.put(relative, "link " + Files.readSymbolicLink(path));
                } else {
                    facts.put(relative, "file " + common + " " + attributes.size() + " " + sha256(path));
                }
            }
        }
        return facts;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void buckets(BucketSource source, BucketSource target) {
        Map<String, String> expected = objectFacts(source);
        Map<String, String> actual = objectFacts(target);
        for (Map.Entry<String, String> object : expected.entrySet()) {
            String restored = actual.get(object.getKey());
            if (!object.getValue().equals(restored)) {
                differences.add("bucket " + source.bucket() + ": " + object.getKey() + (restored == null
                        ? " was not restored into " + target.bucket() : " differs in " + target.bucket()
                        + " (" + object.getValue() + " vs " + restored + ")"));
            }
        }
        actual.keySet().stream().filter(key -> !expected.containsKey(key))
                .forEach(key -> differences.add("bucket " + target.bucket() + ": " + key + " is not in "
                        + source.bucket()));
        objects += expected.size();
    }

    /** Key → size, ETag (the MD5 of a single-part upload), content type and user metadata. */
    private static Map<String, String> objectFacts(BucketSource bucket) {
        Map<String, String> facts = new TreeMap<>();
        S3Location location = new S3Location(bucket.endpoint(), bucket.bucket(), bucket.prefix(), true);
        try (S3Client s3 = S3Backend.client(location,
                BackendOptions.defaults().withS3Credentials(bucket.credentials()))) {
            String prefix = bucket.prefix().isEmpty() ? "" : bucket.prefix() + "/";
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(bucket.bucket()).prefix(prefix).build()).contents()) {
                HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket.bucket())
                        .key(object.key()));
                facts.put(object.key().substring(prefix.length()), object.size() + " " + object.eTag() + " "
                        + head.contentType() + " " + new TreeMap<>(Objects.requireNonNullElse(head.metadata(),
                        Map.of())));
            }
        }
        return facts;
    }
}
