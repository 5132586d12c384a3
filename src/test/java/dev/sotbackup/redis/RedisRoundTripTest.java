package dev.sotbackup.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.json.Json;
import dev.sotbackup.testing.RedisServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;

class RedisRoundTripTest {

    @TempDir
    Path repoDir;

    @Test
    void everyTypeInTwoDatabasesComesBackWithEqualPayloadsAndTtls() throws Exception {
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            load(source, 0, 70_000, 1);
            load(source, 1, 30_000, 2);
            Repository repository = RedisTestSupport.repository(repoDir);

            long backupStart = System.nanoTime();
            Component component = RedisTestSupport.backup(repository, RedisTestSupport.target(source),
                    RedisSelection.all());
            assertEquals(70_000, Json.tree(component.body()).path("databases").path("0").path("keys").asLong());
            assertEquals(30_000, Json.tree(component.body()).path("databases").path("1").path("keys").asLong());
            assertTrue(Json.tree(component.body()).path("server_version").asText().startsWith("7."));

            RedisComponent.RedisRestoreResult result = RedisComponent.restore(repository, component,
                    RedisTestSupport.target(target), RedisRestoreOptions.defaults(), Reporter.silent());
            long elapsedMs = (System.nanoTime() - backupStart) / 1_000_000;
            assertEquals(100_000, result.keys());
            assertEquals(70_000, RedisTestSupport.assertSameKeys(source, 0, target, 0, elapsedMs));
            assertEquals(30_000, RedisTestSupport.assertSameKeys(source, 1, target, 1, elapsedMs));
        }
    }

    @Test
    void restoreRefusesAPayloadFromANewerRedisInOneLine() throws Exception {
        // A real payload with its RDB version raised past any server's: what a Redis 7.4 dump looks like to 7.0.
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            try (Jedis jedis = RedisTestSupport.jedis(source, 0)) {
                jedis.set("config", "x");
            }
            Repository repository = RedisTestSupport.repository(repoDir);
            Component component = RedisTestSupport.backup(repository, RedisTestSupport.target(source),
                    RedisSelection.all());
            Component newer = NewerPayloads.withRdbVersion(repository, component, 99);
            RedisFailure failure = org.junit.jupiter.api.Assertions.assertThrows(RedisFailure.class,
                    () -> RedisComponent.restore(repository, newer, RedisTestSupport.target(target),
                            RedisRestoreOptions.defaults(), Reporter.silent()));
            assertTrue(failure.getMessage().contains("RDB version 99"), failure.getMessage());
            assertTrue(failure.getMessage().contains("'config'"), failure.getMessage());
            assertEquals(-1, failure.getMessage().indexOf('\n'));
        }
    }

    /** Loads {@code count} keys of every type; a few with TTLs, a few of about 1 MB. */
    static void load(RedisServers.Server server, int db, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Jedis jedis = RedisTestSupport.jedis(server, db)) {
            Pipeline p = jedis.pipelined();
            for (int i = 0; i < count; i++) {
                String key = "k:" + db + ":" + i;
                byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
                switch (i % 7) {
                    case 0 -> p.set(key, "value-" + random.nextInt());
                    case 1 -> {
                        byte[] binaryKey = new byte[] {(byte) 0xff, 0, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
                        byte[] value = new byte[1 + random.nextInt(64)];
                        random.nextBytes(value);
                        p.set(binaryKey, value);
                        keyBytes = binaryKey;
                    }
                    case 2 -> p.rpush(key, "a", "b", Integer.toString(i));
                    case 3 -> p.sadd(key, "x", "y", Integer.toString(i));
                    case 4 -> {
                        p.zadd(key, 1.5, "one");
                        p.zadd(key, random.nextDouble(), "two");
                    }
                    case 5 -> p.hset(key, java.util.Map.of("name", "dev-" + i, "site", "s" + (i % 13)));
                    default -> {
                        p.sendCommand(Protocol.Command.XADD, key, "*", "job", Integer.toString(i));
                        p.sendCommand(Protocol.Command.XADD, key, "*", "job", "second");
                        if (i % 5 == 0) {
                            p.sendCommand(Protocol.Command.XGROUP, "CREATE", key, "workers", "0");
                            p.sendCommand(Protocol.Command.XREADGROUP, "GROUP", "workers", "w1", "COUNT", "1",
                                    "STREAMS", key, ">");
                        }
                    }
                }
                if (i % 10 == 3) {
                    p.pexpire(keyBytes, 100_000 + random.nextInt(900_000));
                }
                if (i % 10_000 == 9) {
                    byte[] big = new byte[1 << 20];
                    random.nextBytes(big);
                    p.set(("big:" + db + ":" + i).getBytes(StandardCharsets.UTF_8), big);
                    p.del(keyBytes); // keep the key count exact
                }
                if (i % 1000 == 999) {
                    p.sync();
                }
            }
            p.sync();
        }
    }
}
