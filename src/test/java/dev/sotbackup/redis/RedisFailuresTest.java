package dev.sotbackup.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.testing.RedisServers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisFailuresTest {

    @TempDir
    Path repoDir;

    private RedisFailure backupFails(Repository repository, RedisTarget target) {
        return assertThrows(RedisFailure.class, () -> {
            try (BackupSession session = repository.startBackup("test-host", 1)) {
                RedisComponent.backup(session, target, RedisSelection.all(), Reporter.silent());
            }
        });
    }

    @Test
    void unreachableRedisIsOneLineAndLeavesNoSnapshot() throws Exception {
        Repository repository = RedisTestSupport.repository(repoDir);
        int port = RedisServers.freePort();
        RedisFailure failure = backupFails(repository, RedisTarget.parse("redis://127.0.0.1:" + port));
        assertEquals("could not connect to Redis at 127.0.0.1:" + port + ": Connection refused", failure.getMessage());
        assertTrue(repository.snapshots().isEmpty());
    }

    @Test
    void wrongPasswordIsOneLineWithoutThePassword() throws Exception {
        try (RedisServers.Server server = RedisServers.start("--requirepass", "s3cret-right")) {
            Repository repository = RedisTestSupport.repository(repoDir);
            RedisFailure failure = backupFails(repository,
                    RedisTarget.parse("redis://:s3cret-wrong@127.0.0.1:" + server.port()));
            assertEquals("Redis authentication failed for user default at 127.0.0.1:" + server.port(),
                    failure.getMessage());
            assertTrue(repository.snapshots().isEmpty());

            RedisFailure noPassword = backupFails(repository, RedisTarget.parse(server.url()));
            assertTrue(noPassword.getMessage().contains("requires a password"), noPassword.getMessage());

            // The right password from the REDISCLI_AUTH-style environment works.
            RedisTarget fromEnvironment = RedisTarget.parse(server.url(), Map.of("REDISCLI_AUTH", "s3cret-right"));
            assertEquals(0, CacheInvalidation.flush(fromEnvironment, 1));
        }
    }

    @Test
    void wrongPasswordOfANamedUserNamesTheUser() throws Exception {
        try (RedisServers.Server server = RedisServers.start("--user", "backup", "on", ">right", "~*", "+@all")) {
            RedisFailure failure = assertThrows(RedisFailure.class, () -> CacheInvalidation.flush(
                    RedisTarget.parse("redis://backup:wrong@127.0.0.1:" + server.port()), 1));
            assertEquals("Redis authentication failed for user backup at 127.0.0.1:" + server.port(),
                    failure.getMessage());
            assertEquals(0, CacheInvalidation.flush(
                    RedisTarget.parse("redis://backup:right@127.0.0.1:" + server.port()), 1));
        }
    }

    @Test
    void urlsParseAndNeverShowThePassword() throws Exception {
        RedisTarget plain = RedisTarget.parse("redis://cache.example:6380/1");
        assertEquals(new RedisTarget("cache.example", 6380, null, null, 1, false), plain);
        RedisTarget tls = RedisTarget.parse("rediss://backup:p%40ss%3Aword@[::1]/0", Map.of("REDISCLI_AUTH", "env"));
        assertEquals("p@ss:word", tls.password());
        assertEquals("backup", tls.user());
        assertEquals(6379, tls.port());
        assertTrue(tls.tls());
        assertEquals("rediss://backup:***@[::1]:6379/0", tls.toString());
        assertEquals("env", RedisTarget.parse("redis://h:1", Map.of("REDISCLI_AUTH", "env")).password());
        RedisFailure bad = assertThrows(RedisFailure.class, () -> RedisTarget.parse("redis://u:topsecret@h:notaport"));
        assertFalse(bad.getMessage().contains("topsecret"), bad.getMessage());
        assertThrows(RedisFailure.class, () -> RedisTarget.parse("http://h:1"));
    }

    @Test
    void globsFollowRedisSyntax() {
        assertTrue(new KeyPattern("rq:job:*").matches("rq:job:abc".getBytes()));
        assertFalse(new KeyPattern("rq:job:*").matches("rq:queue:x".getBytes()));
        assertTrue(new KeyPattern(":1:?onfig").matches(":1:config".getBytes()));
        assertTrue(new KeyPattern("k[0-9]").matches("k7".getBytes()));
        assertFalse(new KeyPattern("k[^0-9]").matches("k7".getBytes()));
        assertTrue(new KeyPattern("a\\*b").matches("a*b".getBytes()));
        assertFalse(new KeyPattern("a\\*b").matches("axb".getBytes()));
    }
}
