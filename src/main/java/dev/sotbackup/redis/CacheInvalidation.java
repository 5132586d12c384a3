package dev.sotbackup.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Empties the Django cache database after a restore, as django-redis' {@code cache.clear()} would: a restored
 * PostgreSQL database and a stale cache disagree (NetBox caches its active ConfigRevision with no expiry).
 */
public final class CacheInvalidation {

    private CacheInvalidation() {
    }

    /** Checks, changing nothing, that {@link #flush} can reach {@code cacheDb}: the server answers and has it. */
    public static void check(RedisTarget target, int cacheDb) throws RedisFailure {
        Jedis jedis = RedisConnections.open(target, 0);
        try {
            RedisComponent.select(jedis, target, cacheDb);
        } catch (JedisException e) {
            throw RedisConnections.failure(target, e);
        } finally {
            RedisConnections.closeQuietly(jedis);
        }
    }

    /** FLUSHDB of exactly {@code cacheDb} (never FLUSHALL); returns the number of keys it held. */
    public static long flush(RedisTarget target, int cacheDb) throws RedisFailure {
        Jedis jedis = RedisConnections.open(target, 0);
        try {
            RedisComponent.select(jedis, target, cacheDb);
            long keys = jedis.dbSize();
            jedis.flushDB();
            return keys;
        } catch (JedisException e) {
            throw RedisConnections.failure(target, e);
        } finally {
            RedisConnections.closeQuietly(jedis);
        }
    }
}
