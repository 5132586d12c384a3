package dev.sotbackup.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import dev.sotbackup.repository.crypto.BlobId;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A Redis server's databases as a snapshot component (docs/repository-format.md §7): every selected key as its
 * {@code DUMP} payload and remaining TTL, one chunked stream of key records per database. DUMP carries every
 * data type (streams and their consumer groups too) in Redis' own serialization, so nothing here knows types.
 */
public final class RedisComponent {

    public static final String KIND = "redis";
    /** The record format of the streams; a reader refuses formats it does not know. */
    public static final String FORMAT = "sot-redis-1";

    private static final int SCAN_COUNT = 1000;
    private static final int MAX_BATCH_KEYS = 500;
    /** Bounds the memory of one pipelined batch (DUMP replies, RESTORE arguments) when values are large. */
    private static final long BATCH_BYTES = 8L << 20;
    private static final long PROGRESS_EVERY = 100_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RedisComponent() {
    }

    /** Backs up the selected databases of {@code source}; the component is named after its host:port. */
    public static Component backup(BackupSession session, RedisTarget source, RedisSelection selection,
                                   Consumer<String> progress) throws IOException {
        return backup(session, source, selection, source.address(), progress);
    }

    /**
     * Backs up the selected databases of {@code source} as component {@code name}. SCAN is not a point-in-time
     * view: a key written during the backup may or may not be in it, and keys that vanish between SCAN and DUMP
     * are skipped.
     */
    public static Component backup(BackupSession session, RedisTarget source, RedisSelection selection,
                                   String name, Consumer<String> progress) throws IOException {
        Instant capturedAt = Instant.now();
        Jedis jedis = RedisConnections.open(source, 0);
        try {
            String serverVersion = infoField(jedis.info("server"), "redis_version");
            List<Integer> databases = selection.databases().isEmpty()
                    ? List.copyOf(keyspace(jedis).keySet()) : selection.databases();
            ObjectNode body = MAPPER.createObjectNode();
            body.put("format", FORMAT);
            body.put("captured_at", capturedAt.toString());
            body.put("server_version", serverVersion);
            ObjectNode dbs = body.putObject("databases");
            RedisSelection.KeyFilter filter = selection.filter();
            long keys = 0;
            for (int db : databases) {
                select(jedis, source, db);
                DatabaseResult result = backupDatabase(session, jedis, db, selection, filter, progress);
                keys += result.keys;
                ObjectNode entry = dbs.putObject(Integer.toString(db));
                entry.put("keys", result.keys);
                ArrayNode blobs = entry.putArray("blobs");
                result.stream.blobs().forEach(id -> blobs.add(id.toString()));
                entry.put("bytes", result.stream.bytes());
                progress.accept("redis " + source.address() + " db " + db + ": " + result.keys + " keys, "
                        + result.stream.bytes() + " bytes");
            }
            if (keys == 0 && !selection.include().isEmpty()) {
                // Like pg_dump -t: a pattern asked for keys, so a snapshot without any is a mistake, not a backup.
                throw new RedisFailure("no matching Redis keys were found for --redis-key "
                        + String.join(", ", selection.include()) + " at " + source.address()
                        + (databases.isEmpty() ? " (it holds no keys)" : " in database " + databases.stream()
                        .map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))));
            }
            return new Component(KIND, name, body);
        } catch (JedisException e) {
            throw RedisConnections.failure(source, e);
        } finally {
            RedisConnections.closeQuietly(jedis);
        }
    }

    private record DatabaseResult(long keys, StreamResult stream) {
    }

    private static DatabaseResult backupDatabase(BackupSession session, Jedis jedis, int db, RedisSelection selection,
                                                 RedisSelection.KeyFilter filter, Consumer<String> progress)
            throws IOException {
        ScanParams params = new ScanParams().count(SCAN_COUNT);
        if (selection.include().size() == 1) {
            // One include pattern: let the server filter too (the client filter below still decides).
            params.match(selection.include().getFirst().getBytes(StandardCharsets.UTF_8));
        }
        try (StreamWriter writer = session.newStream()) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(writer, 1 << 16));
            Pipeline pipeline = jedis.pipelined();
            List<byte[]> pending = new ArrayList<>();
            long written = 0;
            long nextProgress = PROGRESS_EVERY;
            int batchKeys = MAX_BATCH_KEYS;
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            do {
                ScanResult<byte[]> page = jedis.scan(cursor, params);
                cursor = page.getCursorAsBytes();
                for (byte[] key : page.getResult()) {
                    if (filter.accepts(key)) {
                        pending.add(key);
                    }
                }
                boolean last = Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY);
                while (pending.size() >= batchKeys || (last && !pending.isEmpty())) {
                    List<byte[]> batch = pending.subList(0, Math.min(batchKeys, pending.size()));
                    long[] stats = dumpBatch(pipeline, batch, out);
                    written += stats[0];
                    batch.clear();
                    // Big values: fewer keys per batch, so one batch's replies stay around BATCH_BYTES.
                    long average = stats[0] == 0 ? 0 : stats[1] / stats[0];
                    batchKeys = (int) Math.max(1, Math.min(MAX_BATCH_KEYS, BATCH_BYTES / Math.max(1, average)));
                }
                if (written >= nextProgress) {
                    progress.accept("redis db " + db + ": " + written + " keys");
                    nextProgress += PROGRESS_EVERY;
                }
            } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
            out.flush();
            return new DatabaseResult(written, writer.finish());
        }
    }

    /** DUMPs and PTTLs one batch in one round trip; returns {keys written, dump bytes}. */
    private static long[] dumpBatch(Pipeline pipeline, List<byte[]> keys, DataOutputStream out) throws IOException {
        List<Response<byte[]>> dumps = new ArrayList<>(keys.size());
        List<Response<Long>> ttls = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            dumps.add(pipeline.dump(key));
            ttls.add(pipeline.pttl(key));
        }
        pipeline.sync();
        long count = 0;
        long bytes = 0;
        for (int i = 0; i < keys.size(); i++) {
            byte[] dump = dumps.get(i).get();
            long pttl = ttls.get(i).get();
            if (dump == null || pttl == -2) {
                continue; // deleted or expired since SCAN saw it
            }
            // PTTL 0 means "expires now"; stored as 1 ms because RESTORE reads a TTL of 0 as "no expiry".
            long recorded = pttl < 0 ? KeyRecord.NO_EXPIRY : Math.max(1, pttl);
            new KeyRecord(keys.get(i), recorded, dump).writeTo(out);
            count++;
            bytes += dump.length;
        }
        return new long[] {count, bytes};
    }

    /** What a restore wrote: keys per target database. */
    public record RedisRestoreResult(Map<Integer, Long> keysByDb) {
        public long keys() {
            return keysByDb.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Restores a Redis component into {@code target}: {@code RESTORE key ttl payload REPLACE}, pipelined, with
     * the TTL each key had left when it was backed up. Every target database is checked before anything is
     * written, so a refused restore changes nothing.
     */
    public static RedisRestoreResult restore(Repository repository, Component component, RedisTarget target,
                                             RedisRestoreOptions options, Consumer<String> progress)
            throws IOException {
        if (!KIND.equals(component.kind())) {
            throw new IOException("component " + component.label() + " is not a Redis backup");
        }
        JsonNode body = component.body();
        String format = body.path("format").asText(FORMAT);
        if (!FORMAT.equals(format)) {
            throw new IOException("component " + component.label() + " has Redis format " + format
                    + ", which this version cannot read");
        }
        Map<Integer, JsonNode> databases = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : body.path("databases").properties()) {
            databases.put(Integer.parseInt(e.getKey()), e.getValue());
        }
        Map<Integer, Integer> targets = new LinkedHashMap<>();
        Map<Integer, Integer> sourceOfTarget = new HashMap<>();
        for (int db : databases.keySet()) {
            int to = options.targetDb(db);
            Integer other = sourceOfTarget.put(to, db);
            if (other != null) {
                throw new RedisFailure("Redis databases " + other + " and " + db + " would both be restored into db "
                        + to + "; map them to different databases");
            }
            targets.put(db, to);
        }
        Jedis jedis = RedisConnections.open(target, 0);
        try {
            String serverVersion = infoField(jedis.info("server"), "redis_version");
            for (int to : targets.values()) {
                select(jedis, target, to);
                long size = jedis.dbSize();
                if (size > 0 && options.existing() == RedisRestoreOptions.Existing.REFUSE) {
                    throw new RedisFailure("Redis database " + to + " at " + target.address() + " is not empty ("
                            + size + (size == 1 ? " key" : " keys") + "); restore with flush to empty it first,"
                            + " or with merge to keep its other keys");
                }
            }
            Map<Integer, Long> restored = new LinkedHashMap<>();
            for (Map.Entry<Integer, Integer> e : targets.entrySet()) {
                int from = e.getKey();
                int to = e.getValue();
                select(jedis, target, to);
                if (options.existing() == RedisRestoreOptions.Existing.FLUSH) {
                    jedis.flushDB();
                }
                JsonNode entry = databases.get(from);
                List<BlobId> blobs = new ArrayList<>();
                entry.path("blobs").forEach(id -> blobs.add(BlobId.parse(id.asText())));
                long keys = restoreDatabase(repository, blobs, jedis, target, to, serverVersion, progress);
                long expected = entry.path("keys").asLong(-1);
                if (expected >= 0 && expected != keys) {
                    throw new IOException("stored Redis database " + from + " of " + component.label()
                            + " is damaged: it should hold " + expected + " keys and holds " + keys);
                }
                restored.put(to, keys);
                progress.accept("redis " + target.address() + " db " + to + ": restored " + keys + " keys"
                        + (from != to ? " (from db " + from + ")" : ""));
            }
            return new RedisRestoreResult(restored);
        } catch (JedisException e) {
            throw RedisConnections.failure(target, e);
        } finally {
            RedisConnections.closeQuietly(jedis);
        }
    }

    private static long restoreDatabase(Repository repository, List<BlobId> blobs, Jedis jedis, RedisTarget target,
                                        int db, String serverVersion, Consumer<String> progress) throws IOException {
        Pipeline pipeline = jedis.pipelined();
        List<KeyRecord> batch = new ArrayList<>();
        long batchBytes = 0;
        long keys = 0;
        long nextProgress = PROGRESS_EVERY;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(repository.openBlobs(blobs), 1 << 16))) {
            KeyRecord record;
            while ((record = KeyRecord.readFrom(in)) != null) {
                batch.add(record);
                batchBytes += record.dump().length + record.key().length;
                if (batch.size() >= MAX_BATCH_KEYS || batchBytes >= BATCH_BYTES) {
                    keys += restoreBatch(pipeline, batch, target, db, serverVersion);
                    batch.clear();
                    batchBytes = 0;
                    if (keys >= nextProgress) {
                        progress.accept("redis db " + db + ": " + keys + " keys restored");
                        nextProgress += PROGRESS_EVERY;
                    }
                }
            }
        }
        keys += restoreBatch(pipeline, batch, target, db, serverVersion);
        return keys;
    }

    private static int restoreBatch(Pipeline pipeline, List<KeyRecord> batch, RedisTarget target, int db,
                                    String serverVersion) throws RedisFailure {
        if (batch.isEmpty()) {
            return 0;
        }
        List<Response<String>> replies = new ArrayList<>(batch.size());
        RestoreParams replace = RestoreParams.restoreParams().replace();
        for (KeyRecord record : batch) {
            // RESTORE's TTL 0 means "no expiry"; a recorded TTL is relative, the time the key had left.
            long ttl = record.pttl() == KeyRecord.NO_EXPIRY ? 0 : record.pttl();
            replies.add(pipeline.restore(record.key(), ttl, record.dump(), replace));
        }
        pipeline.sync();
        for (int i = 0; i < batch.size(); i++) {
            try {
                replies.get(i).get();
            } catch (JedisDataException e) {
                throw restoreFailure(batch.get(i), target, db, serverVersion, e);
            }
        }
        return batch.size();
    }

    private static RedisFailure restoreFailure(KeyRecord record, RedisTarget target, int db, String serverVersion,
                                               JedisDataException e) {
        String what = "could not restore key " + KeyRecord.display(record.key()) + " into db " + db + " of Redis at "
                + target.address();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("payload version")) {
            return new RedisFailure(what + ": its DUMP payload has RDB version " + KeyRecord.rdbVersion(record.dump())
                    + ", newer than Redis " + serverVersion + " reads (restore into the same or a newer Redis"
                    + " version than the backup was taken from)");
        }
        return new RedisFailure(what + ": " + RedisConnections.oneLine(message));
    }

    /** Databases holding keys, from {@code INFO keyspace} ("db0:keys=12,expires=0,avg_ttl=0"). */
    /** Database number → key count of every non-empty database of {@code target} ({@code INFO keyspace}). */
    public static Map<Integer, Long> keyspace(RedisTarget target) throws RedisFailure {
        Jedis jedis = RedisConnections.open(target, 0);
        try {
            return keyspace(jedis);
        } catch (JedisException e) {
            throw RedisConnections.failure(target, e);
        } finally {
            RedisConnections.closeQuietly(jedis);
        }
    }

    static Map<Integer, Long> keyspace(Jedis jedis) {
        Map<Integer, Long> result = new TreeMap<>();
        for (String line : jedis.info("keyspace").split("\r?\n")) {
            if (!line.startsWith("db") || line.indexOf(':') < 0) {
                continue;
            }
            int db = Integer.parseInt(line.substring(2, line.indexOf(':')));
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                if (field.startsWith("keys=")) {
                    long keys = Long.parseLong(field.substring(5).strip());
                    if (keys > 0) {
                        result.put(db, keys);
                    }
                }
            }
        }
        return result;
    }

    static String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).strip();
            }
        }
        return "unknown";
    }

    static void select(Jedis jedis, RedisTarget target, int db) throws RedisFailure {
        try {
            jedis.select(db);
        } catch (JedisDataException e) {
            throw new RedisFailure("Redis at " + target.address() + " has no database " + db + ": "
                    + RedisConnections.oneLine(e.getMessage()));
        }
    }
}
