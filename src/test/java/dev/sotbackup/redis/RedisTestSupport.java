package dev.sotbackup.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.testing.RedisServers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Repository and Redis helpers shared by the Redis tests. */
final class RedisTestSupport {

    static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    private RedisTestSupport() {
    }

    /** A repository with cheap scrypt and small chunks (as RepoFixtures makes them). */
    static Repository repository(Path dir) throws IOException {
        Repository repository = Repository.init(new LocalBackend(dir), PASSWORD.clone(), new ScryptParams(1024, 8, 1),
                new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024));
        return repository;
    }

    static RedisTarget target(RedisServers.Server server) throws RedisFailure {
        return RedisTarget.parse(server.url());
    }

    static Jedis jedis(RedisServers.Server server, int db) {
        Jedis jedis = new Jedis("127.0.0.1", server.port());
        jedis.select(db);
        return jedis;
    }

    /** Backs up, commits, and returns the component as read back from the snapshot. */
    static Component backup(Repository repository, RedisTarget source, RedisSelection selection) throws IOException {
        SnapshotId id;
        try (BackupSession session = repository.startBackup("test-host", 2)) {
            Component component = RedisComponent.backup(session, source, selection, Reporter.silent());
            id = session.commit(Snapshot.of(Instant.now(), "0.1.0-test", List.of(), List.of(component)));
        }
        return repository.loadSnapshot(id).components().getFirst();
    }

    static void assertSameValue(Jedis a, Jedis b, byte[] key, String name) {
        String type = a.type(key);
        assertEquals(type, b.type(key), "type of " + name);
        switch (type) {
            case "set" -> assertEquals(asStrings(a.smembers(key)), asStrings(b.smembers(key)), name);
            case "hash" -> assertEquals(asStrings(a.hgetAll(key)), asStrings(b.hgetAll(key)), name);
            case "zset" -> assertEquals(a.zrangeWithScores(key, 0, -1).toString(),
                    b.zrangeWithScores(key, 0, -1).toString(), name);
            default -> assertArrayEquals(a.dump(key), b.dump(key), "DUMP of " + name);
        }
    }

    private static java.util.Set<String> asStrings(java.util.Set<byte[]> values) {
        java.util.Set<String> result = new java.util.TreeSet<>();
        values.forEach(v -> result.add(java.util.HexFormat.of().formatHex(v)));
        return result;
    }

    private static java.util.Map<String, String> asStrings(java.util.Map<byte[], byte[]> values) {
        java.util.Map<String, String> result = new java.util.TreeMap<>();
        values.forEach((k, v) -> result.put(java.util.HexFormat.of().formatHex(k), java.util.HexFormat.of().formatHex(v)));
        return result;
    }

    static long assertSameKeys(RedisServers.Server source, int sourceDb, RedisServers.Server target, int targetDb) {
        return assertSameKeys(source, sourceDb, target, targetDb, 0);
    }

    /**
     * Every key of {@code db} in {@code source} has the same value in target, and the TTL it had left when the
     * backup read it, within 1 s. The source's TTLs kept running between the backup's read and the restore's
     * write, so the target's may be ahead of the source's by up to {@code backupToRestoreMs}.
     */
    static long assertSameKeys(RedisServers.Server source, int sourceDb, RedisServers.Server target, int targetDb,
                               long backupToRestoreMs) {
        try (Jedis a = jedis(source, sourceDb); Jedis b = jedis(target, targetDb)) {
            assertEquals(a.dbSize(), b.dbSize(), "key count of db " + sourceDb + " → " + targetDb);
            Pipeline pa = a.pipelined();
            Pipeline pb = b.pipelined();
            ScanParams params = new ScanParams().count(1000);
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            long compared = 0;
            do {
                ScanResult<byte[]> page = a.scan(cursor, params);
                cursor = page.getCursorAsBytes();
                List<byte[]> keys = page.getResult();
                List<Response<byte[]>> da = new ArrayList<>();
                List<Response<byte[]>> db = new ArrayList<>();
                List<Response<Long>> ta = new ArrayList<>();
                List<Response<Long>> tb = new ArrayList<>();
                for (byte[] key : keys) {
                    da.add(pa.dump(key));
                    ta.add(pa.pttl(key));
                    db.add(pb.dump(key));
                    tb.add(pb.pttl(key));
                }
                pa.sync();
                pb.sync();
                for (int i = 0; i < keys.size(); i++) {
                    String name = KeyRecord.display(keys.get(i));
                    if (!Arrays.equals(da.get(i).get(), db.get(i).get())) {
                        // Hashtable-encoded sets, hashes and zsets serialize in per-process hash order, so their
                        // payloads may differ for equal values: compare those by content.
                        assertSameValue(a, b, keys.get(i), name);
                    }
                    long expected = ta.get(i).get();
                    long actual = tb.get(i).get();
                    if (expected < 0) {
                        assertEquals(expected, actual, "TTL of " + name);
                    } else {
                        long ahead = actual - expected;
                        assertTrue(ahead >= -1000 && ahead <= backupToRestoreMs + 1000, "TTL of " + name + ": "
                                + expected + " in the source, " + actual + " restored");
                    }
                }
                compared += keys.size();
            } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
            return compared;
        }
    }
}
