package dev.sotbackup.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import dev.sotbackup.repository.body.RedisBody;
import dev.sotbackup.repository.json.Json;
import dev.sotbackup.testing.RedisServers;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * Expiries are points in time: a key restored a while after the backup expires when the original does, and a key
 * that expired in between does not come back.
 */
class RedisExpiryTest {

    /** What the authors accept: a restored key's expiry within 2 s of the original's. */
    private static final long TOLERANCE_MS = 2_000;
    /** Longer than the tolerance, so that a TTL re-applied relative to the restore time is caught. */
    private static final long DELAY_MS = 3_500;

    @TempDir
    Path repoDir;

    @Test
    void keysRestoredAfterADelayKeepTheirAbsoluteExpiry() throws Exception {
        int count = 20_000;
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            try (Jedis jedis = RedisTestSupport.jedis(source, 0)) {
                Pipeline p = jedis.pipelined();
                for (int i = 0; i < count; i++) {
                    // One key in ten never expires; the others between 1 and 10 hours from now.
                    p.set("rq:job:" + i, "job " + i, i % 10 == 0 ? new SetParams()
                            : new SetParams().px(3_600_000L + (i % 9) * 3_600_000L));
                }
                p.sync();
            }
            Repository repository = RedisTestSupport.repository(repoDir);
            Component component = RedisTestSupport.backup(repository, RedisTestSupport.target(source),
                    RedisSelection.all());
            Thread.sleep(DELAY_MS);

            RedisComponent.RedisRestoreResult result = RedisComponent.restore(repository, component,
                    RedisTestSupport.target(target), RedisRestoreOptions.defaults(), Reporter.silent());

            assertEquals(count, result.keys());
            assertEquals(0, result.expired());
            Map<String, Long> original = expireTimes(source, count);
            Map<String, Long> restored = expireTimes(target, count);
            long worst = 0;
            for (Map.Entry<String, Long> e : original.entrySet()) {
                long was = e.getValue();
                long now = restored.get(e.getKey());
                if (was < 0) {
                    assertEquals(-1, now, e.getKey() + " had no expiry");
                } else {
                    worst = Math.max(worst, Math.abs(now - was));
                }
            }
            assertTrue(worst <= TOLERANCE_MS, "a restored expiry is " + worst + " ms off the original's, after a "
                    + DELAY_MS + " ms pause between backup and restore");
        }
    }

    @Test
    void aKeyThatExpiredBetweenBackupAndRestoreIsSkippedAndCounted() throws Exception {
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            // Long enough that a backup on a loaded machine still sees the key, short enough to wait out.
            long shortLivedMillis = 5_000;
            long setAt = System.currentTimeMillis();
            try (Jedis jedis = RedisTestSupport.jedis(source, 0)) {
                jedis.set("rq:job:short", "gone soon", new SetParams().px(shortLivedMillis));
                jedis.set("rq:job:long", "stays", new SetParams().px(3_600_000));
                jedis.set("rq:queue:default", "forever");
            }
            Repository repository = RedisTestSupport.repository(repoDir);
            Component component = RedisTestSupport.backup(repository, RedisTestSupport.target(source),
                    RedisSelection.all());
            assertEquals(3, Json.tree(component.body()).path("databases").path("0").path("keys").asLong());
            Thread.sleep(Math.max(0, setAt + shortLivedMillis + 500 - System.currentTimeMillis()));

            RedisComponent.RedisRestoreResult result = RedisComponent.restore(repository, component,
                    RedisTestSupport.target(target), RedisRestoreOptions.defaults(), Reporter.silent());

            assertEquals(2, result.keys());
            assertEquals(1, result.expired());
            assertEquals(Map.of(0, 3L), result.recordsByDb());
            try (Jedis jedis = RedisTestSupport.jedis(target, 0)) {
                assertFalse(jedis.exists("rq:job:short"), "an expired key is not brought back");
                assertEquals("stays", jedis.get("rq:job:long"));
                assertEquals("forever", jedis.get("rq:queue:default"));
            }
        }
    }

    @Test
    void aSnapshotInTheOldRelativeFormatRestoresWithExpiriesConvertedFromItsCaptureTime() throws Exception {
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            byte[] payload;
            try (Jedis jedis = RedisTestSupport.jedis(source, 0)) {
                jedis.set("value", "a job");
                payload = jedis.dump("value");
            }
            // Written by the previous version a minute ago: TTLs are what each key had left at captured_at.
            Instant capturedAt = Instant.now().minusSeconds(60);
            ByteArrayOutputStream records = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(records);
            writeRelative(out, "rq:job:hour", 3_600_000, payload);
            writeRelative(out, "rq:job:half-minute", 30_000, payload);
            writeRelative(out, "rq:queue:default", -1, payload);
            out.flush();
            Repository repository = RedisTestSupport.repository(repoDir);
            Component old = storeVersion1(repository, capturedAt, records.toByteArray(), 3);

            RedisComponent.RedisRestoreResult result = RedisComponent.restore(repository, old,
                    RedisTestSupport.target(target), RedisRestoreOptions.defaults(), Reporter.silent());

            assertEquals(2, result.keys());
            assertEquals(1, result.expired(), "30 s left a minute ago: expired");
            try (Jedis jedis = RedisTestSupport.jedis(target, 0)) {
                long expected = capturedAt.toEpochMilli() + 3_600_000;
                long actual = jedis.pexpireTime("rq:job:hour");
                assertTrue(Math.abs(actual - expected) <= TOLERANCE_MS, "expires at " + Instant.ofEpochMilli(actual)
                        + ", the backup's capture time + 1 h is " + Instant.ofEpochMilli(expected));
                assertFalse(jedis.exists("rq:job:half-minute"));
                assertEquals(-1, jedis.pexpireTime("rq:queue:default"));
                assertEquals("a job", jedis.get("rq:queue:default"));
            }
        }
    }

    private static Map<String, Long> expireTimes(RedisServers.Server server, int count) {
        try (Jedis jedis = RedisTestSupport.jedis(server, 0)) {
            Pipeline p = jedis.pipelined();
            List<Response<Long>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                replies.add(p.pexpireTime("rq:job:" + i));
            }
            p.sync();
            Map<String, Long> times = new java.util.HashMap<>();
            for (int i = 0; i < count; i++) {
                assertTrue(replies.get(i).get() != -2, "rq:job:" + i + " exists");
                times.put("rq:job:" + i, replies.get(i).get());
            }
            return times;
        }
    }

    private static void writeRelative(DataOutputStream out, String key, long pttl, byte[] dump) throws Exception {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        out.writeInt(keyBytes.length);
        out.write(keyBytes);
        out.writeLong(pttl);
        out.writeInt(dump.length);
        out.write(dump);
    }

    /** A component as the previous version wrote it: format sot-redis-1, TTLs relative to captured_at. */
    private static Component storeVersion1(Repository repository, Instant capturedAt, byte[] stream, int keys)
            throws Exception {
        ObjectNode body = Json.object();
        body.put("format", "sot-redis-1");
        body.put("captured_at", capturedAt.toString());
        body.put("server_version", "7.0.15");
        ObjectNode db0 = body.putObject("databases").putObject("0");
        SnapshotId id;
        try (BackupSession session = repository.startBackup("test-host", 1)) {
            StreamResult written;
            try (StreamWriter writer = session.newStream()) {
                writer.write(stream);
                written = writer.finish();
            }
            db0.put("keys", keys);
            var blobs = db0.putArray("blobs");
            written.blobs().forEach(b -> blobs.add(b.toString()));
            db0.put("bytes", written.bytes());
            id = session.commit(Snapshot.of(Instant.now(), "0.1.0-test", List.of(),
                    List.of(new Component("redis:6379", Json.MAPPER.treeToValue(body, RedisBody.class)))));
        }
        return repository.loadSnapshot(id).components().getFirst();
    }
}
