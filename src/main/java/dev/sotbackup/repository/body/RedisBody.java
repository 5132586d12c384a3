package dev.sotbackup.repository.body;

import dev.sotbackup.repository.crypto.BlobId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Redis server's databases in a snapshot (format §7, {@code "kind": "redis"}): per database one stream of key
 * records.
 *
 * @param format        the key records' format ({@code sot-redis-2}: absolute expiries; {@code sot-redis-1}, or
 *                      absent: the time each key had left at {@code capturedAt})
 * @param serverVersion {@code INFO server}'s {@code redis_version}
 * @param databases     database number → its stream, ascending
 */
public record RedisBody(int version, String format, Instant capturedAt, String serverVersion,
                        Map<Integer, Database> databases) implements ComponentBody {

    public static final String KIND = "redis";
    public static final int VERSION = 1;

    public RedisBody {
        version = Copies.version(version);
        databases = Copies.map(databases);
    }

    /**
     * One database's key records: {@code blobs} concatenated are the stream, {@code bytes} its length, {@code keys}
     * the number of records in it (absent in no snapshot this version wrote; then nothing is compared with it).
     */
    public record Database(Long keys, List<BlobId> blobs, long bytes) {
        public Database {
            blobs = Copies.list(blobs);
        }
    }

    @Override
    public Set<BlobId> blobs() {
        return Copies.blobs(databases.values().stream().map(Database::blobs));
    }
}
