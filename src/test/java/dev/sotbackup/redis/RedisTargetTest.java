package dev.sotbackup.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisTargetTest {

    @Test
    void parseErrorsNeverQuoteThePassword() {
        for (String url : new String[] {
                "redis//:SECRET@host",              // "://" mistyped
                "http://user:SECRET@host:6379",
                "redis://:SECRET",                  // "@host" forgotten: the password reads as a port
                "redis://user:SECRET@host:63x9",
                "redis://user:SECRET@host:6379/zero",
                "redis://user:SECRET@[::1",
                "rediss://user:SECRET@:6379",
                "redis://user:SECRET@host:70000",
                "redis://user:SE%zzCRET@host"}) {
            RedisFailure failure = assertThrows(RedisFailure.class, () -> RedisTarget.parse(url, Map.of()), url);
            assertFalse(failure.getMessage().contains("SECRET") || failure.getMessage().contains("CRET"),
                    url + " -> " + failure.getMessage());
            assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
        }
    }

    @Test
    void parseErrorsShowTheRestOfTheUrl() {
        RedisFailure failure = assertThrows(RedisFailure.class,
                () -> RedisTarget.parse("redis//:SECRET@cache.example:6379", Map.of()));
        assertEquals("not a Redis URL (want redis://[user:password@]host:port[/db] or rediss://…): "
                + "redis//:***@cache.example:6379", failure.getMessage());
        assertTrue(assertThrows(RedisFailure.class, () -> RedisTarget.parse("redis://app:SECRET@h:63x9"))
                .getMessage().endsWith("redis://app:***@h:63x9"));
    }
}
