package dev.sotbackup.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.testing.RedisServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class RedisRestoreOptionsTest {

    @TempDir
    Path repoDir;

    private static void seed(RedisServers.Server server) {
        try (Jedis db0 = RedisTestSupport.jedis(server, 0); Jedis db1 = RedisTestSupport.jedis(server, 1)) {
            db0.set("rq:job:1", "a");
            db0.set("rq:job:2", "b");
            db0.rpush("rq:queue:default", "1", "2");
            db0.set("rq:queues", "x");
            db0.set("other", "y");
            db1.set(":1:config", "cached");
        }
    }

    private static Set<String> keys(RedisServers.Server server, int db) {
        try (Jedis jedis = RedisTestSupport.jedis(server, db)) {
            return jedis.keys("*");
        }
    }

    @Test
    void includeAndExcludeGlobsPickKeysAsRedisWould() throws Exception {
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            seed(source);
            Repository repository = RedisTestSupport.repository(repoDir);
            Component component = RedisTestSupport.backup(repository, RedisTestSupport.target(source),
                    new RedisSelection(List.of(0), List.of("rq:*"), List.of("rq:job:*")));
            RedisComponent.restore(repository, component, RedisTestSupport.target(target),
                    RedisRestoreOptions.defaults(), Reporter.silent());
            assertEquals(Set.of("rq:queue:default", "rq:queues"), keys(target, 0));
            assertEquals(Set.of(), keys(target, 1));
        }
    }

    @Test
    void databaseMapSendsDbZeroToDbTwo() throws Exception {
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            seed(source);
            Repository repository = RedisTestSupport.repository(repoDir);
            Component component = RedisTestSupport.backup(repository, RedisTestSupport.target(source),
                    new RedisSelection(List.of(0), List.of(), List.of()));
            RedisComponent.RedisRestoreResult result = RedisComponent.restore(repository, component,
                    RedisTestSupport.target(target),
                    new RedisRestoreOptions(RedisRestoreOptions.parseDbMap("0:2"), RedisRestoreOptions.Existing.REFUSE),
                    Reporter.silent());
            assertEquals(Map.of(2, 5L), result.keysByDb());
            assertEquals(Set.of(), keys(target, 0));
            assertEquals(5, RedisTestSupport.assertSameKeys(source, 0, target, 2));
        }
    }

    @Test
    void nonEmptyTargetIsRefusedWithoutFlushOrMergeAndLeftAlone() throws Exception {
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            seed(source);
            try (Jedis jedis = RedisTestSupport.jedis(target, 1)) {
                jedis.set("keep-me", "1");
                jedis.set("keep-me-too", "2");
            }
            Repository repository = RedisTestSupport.repository(repoDir);
            Component component = RedisTestSupport.backup(repository, RedisTestSupport.target(source),
                    RedisSelection.all());
            RedisFailure failure = assertThrows(RedisFailure.class, () -> RedisComponent.restore(repository,
                    component, RedisTestSupport.target(target), RedisRestoreOptions.defaults(), Reporter.silent()));
            assertTrue(failure.getMessage().startsWith("Redis database 1 at 127.0.0.1:" + target.port()
                    + " is not empty (2 keys)"), failure.getMessage());
            // Checked before anything was written: db 0 (restored first) is still empty.
            assertEquals(Set.of(), keys(target, 0));
            assertEquals(Set.of("keep-me", "keep-me-too"), keys(target, 1));
        }
    }

    @Test
    void mergeKeepsOtherKeysAndReplacesSameNamedOnes() throws Exception {
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            seed(source);
            try (Jedis jedis = RedisTestSupport.jedis(target, 0)) {
                jedis.set("keep-me", "1");
                jedis.set("other", "old");
            }
            Repository repository = RedisTestSupport.repository(repoDir);
            Component component = RedisTestSupport.backup(repository, RedisTestSupport.target(source),
                    RedisSelection.all());
            RedisComponent.restore(repository, component, RedisTestSupport.target(target),
                    new RedisRestoreOptions(Map.of(), RedisRestoreOptions.Existing.MERGE), Reporter.silent());
            try (Jedis jedis = RedisTestSupport.jedis(target, 0)) {
                assertEquals("1", jedis.get("keep-me"));
                assertEquals("y", jedis.get("other"));
                assertEquals(6, jedis.dbSize());
            }
        }
    }

    @Test
    void flushEmptiesTheTargetDatabaseFirst() throws Exception {
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            seed(source);
            try (Jedis jedis = RedisTestSupport.jedis(target, 0)) {
                jedis.set("stale", "1");
            }
            try (Jedis jedis = RedisTestSupport.jedis(target, 5)) {
                jedis.set("unrelated-db", "1");
            }
            Repository repository = RedisTestSupport.repository(repoDir);
            Component component = RedisTestSupport.backup(repository, RedisTestSupport.target(source),
                    RedisSelection.all());
            RedisComponent.restore(repository, component, RedisTestSupport.target(target),
                    new RedisRestoreOptions(Map.of(), RedisRestoreOptions.Existing.FLUSH), Reporter.silent());
            try (Jedis jedis = RedisTestSupport.jedis(target, 0)) {
                assertNull(jedis.get("stale"));
            }
            assertEquals(5, RedisTestSupport.assertSameKeys(source, 0, target, 0));
            assertEquals(Set.of("unrelated-db"), keys(target, 5));
        }
    }

    @Test
    void invalidateFlushesOnlyTheCacheDatabase() throws Exception {
        try (RedisServers.Server server = RedisServers.start()) {
            seed(server);
            try (Jedis jedis = RedisTestSupport.jedis(server, 1)) {
                jedis.set(":1:latest_release", "4.2");
            }
            assertEquals(2, CacheInvalidation.flush(RedisTestSupport.target(server), 1));
            assertEquals(Set.of(), keys(server, 1));
            assertEquals(5, keys(server, 0).size());
        }
    }

    @Test
    void dbMapParsingRejectsNonsense() {
        assertEquals(Map.of(0, 2, 1, 3), RedisRestoreOptions.parseDbMap("0:2, 1:3"));
        assertThrows(IllegalArgumentException.class, () -> RedisRestoreOptions.parseDbMap("0-2"));
        assertThrows(IllegalArgumentException.class, () -> RedisRestoreOptions.parseDbMap("0:2,0:3"));
    }
}
