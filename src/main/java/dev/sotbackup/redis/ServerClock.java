package dev.sotbackup.redis;

import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * A Redis server's clock, read once with {@code TIME} and carried forward with this process's monotonic clock.
 * Expiries are absolute times on the server's clock, so they are computed and compared on it rather than on the
 * clock of the machine sot-backup runs on, which may be set differently. One round trip per scan or restore,
 * not one per key.
 */
final class ServerClock {

    private final long serverMillisAtRead;
    private final long nanosAtRead;

    private ServerClock(long serverMillisAtRead, long nanosAtRead) {
        this.serverMillisAtRead = serverMillisAtRead;
        this.nanosAtRead = nanosAtRead;
    }

    /** Reads the server's {@code TIME} (seconds and microseconds since the epoch). */
    static ServerClock read(Jedis jedis) {
        long before = System.nanoTime();
        List<String> time = jedis.time();
        long after = System.nanoTime();
        long millis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        // The reply was produced somewhere within the round trip; its middle is the best guess.
        return new ServerClock(millis, before + (after - before) / 2);
    }

    /** The server's current time in milliseconds since the epoch. */
    long nowMillis() {
        return serverMillisAtRead + (System.nanoTime() - nanosAtRead) / 1_000_000;
    }
}
