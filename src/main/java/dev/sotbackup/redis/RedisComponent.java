package dev.sotbackup.redis;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import dev.sotbackup.repository.body.RedisBody;
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
 * {@code DUMP} payload and absolute expiry, one chunked stream of key records per database. DUMP carries every
 * data type (streams and their consumer groups too) in Redis' own serialization, so nothing here knows types.
 * Expiries are kept as points in time on the server's clock ({@code TIME} + {@code PTTL} at capture,
 * {@code RESTORE … ABSTTL} at restore), so a key restored a week later expires when the original would have,
 * and a key that expired in between is not brought back.
 */
public final class RedisComponent {

    /** The record format of the streams written now; a reader refuses formats it does not know. */
    public static final String FORMAT = ExpiryEncoding.ABSOLUTE;
    /** RESTORE's ABSTTL option, which absolute expiries need, came with Redis 5.0. */
    private static final int MIN_TARGET_MAJOR = 5;

    private static final int SCAN_COUNT = 1000;
    private static final int MAX_BATCH_KEYS = 500;
    /** Bounds the memory of one pipelined batch (DUMP replies, RESTORE arguments) when values are large. */
    private static final long BATCH_BYTES = 8L << 20;
    private static final long PROGRESS_EVERY = 100_000;

    private RedisComponent() {
    }

    /** Backs up the selected databases of {@code source}; the component is named after its host:port. */
    public static Component backup(BackupSession session, RedisTarget source, RedisSelection selection,
                                   Reporter reporter) throws IOException {
        return backup(session, source, selection, source.address(), reporter);
    }

    /**
     * Backs up the selected databases of {@code source} as component {@code name}. SCAN is not a point-in-time
     * view: a key written during the backup may or may not be in it, and keys that vanish between SCAN and DUMP
     * are skipped.
     */
    public static Component backup(BackupSession session, RedisTarget source, RedisSelection selection,
                                   String name, Reporter reporter) throws IOException {
        Instant capturedAt = Instant.now();
        Jedis jedis = RedisConnections.open(source, 0);
        try {
            String serverVersion = infoField(jedis.info("server"), "redis_version");
            List<Integer> databases = selection.databases().isEmpty()
                    ? List.copyOf(keyspace(jedis).keySet()) : selection.databases();
            Map<Integer, RedisBody.Database> stored = new LinkedHashMap<>();
            RedisSelection.KeyFilter filter = selection.filter();
            ServerClock clock = ServerClock.read(jedis);
            long keys = 0;
            for (int db : databases) {
                select(jedis, source, db);
                DatabaseResult result = backupDatabase(session, jedis, clock, db, selection, filter, reporter);
                keys += result.keys;
                stored.put(db, new RedisBody.Database(result.keys, result.stream.blobs(), result.stream.bytes()));
                reporter.info("redis " + source.address() + " db " + db + ": " + result.keys + " keys, "
                        + result.stream.bytes() + " bytes");
            }
            if (keys == 0 && !selection.include().isEmpty()) {
                // Like pg_dump -t: a pattern asked for keys, so a snapshot without any is a mistake, not a backup.
                throw new RedisFailure("no matching Redis keys were found for --redis-key "
                        + String.join(", ", selection.include()) + " at " + source.address()
                        + (databases.isEmpty() ? " (it holds no keys)" : " in database " + databases.stream()
                        .map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))));
            }
            return new Component(name, new RedisBody(RedisBody.VERSION, FORMAT, capturedAt, serverVersion, stored));
        } catch (JedisException e) {
            throw RedisConnections.failure(source, e);
        } finally {
            RedisConnections.closeQuietly(jedis);
        }
    }

    private record DatabaseResult(long keys, StreamResult stream) {
    }

    private static DatabaseResult backupDatabase(BackupSession session, Jedis jedis, ServerClock clock, int db,
                                                 RedisSelection selection, RedisSelection.KeyFilter filter,
                                                 Reporter reporter)
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
                    long[] stats = dumpBatch(pipeline, clock, batch, out);
                    written += stats[0];
                    batch.clear();
                    // Big values: fewer keys per batch, so one batch's replies stay around BATCH_BYTES.
                    long average = stats[0] == 0 ? 0 : stats[1] / stats[0];
                    batchKeys = (int) Math.max(1, Math.min(MAX_BATCH_KEYS, BATCH_BYTES / Math.max(1, average)));
                }
                if (written >= nextProgress) {
                    reporter.info("redis db " + db + ": " + written + " keys");
                    nextProgress += PROGRESS_EVERY;
                }
            } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
            out.flush();
            return new DatabaseResult(written, writer.finish());
        }
    }

    /**
     * DUMPs and PTTLs one batch in one round trip; returns {keys written, dump bytes}. Each expiry is the server's
     * time before the batch was sent plus the PTTL read during it, so a restored key never outlives the original
     * (by at most the batch's round trip it expires earlier).
     */
    private static long[] dumpBatch(Pipeline pipeline, ServerClock clock, List<byte[]> keys, DataOutputStream out)
            throws IOException {
        List<Response<byte[]>> dumps = new ArrayList<>(keys.size());
        List<Response<Long>> ttls = new ArrayList<>(keys.size());
        long sentAt = clock.nowMillis();
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
            long expireAt = pttl < 0 ? KeyRecord.NO_EXPIRY : sentAt + pttl;
            new KeyRecord(keys.get(i), expireAt, dump).writeTo(out);
            count++;
            bytes += dump.length;
        }
        return new long[] {count, bytes};
    }

    /**
     * What a restore did with one stored database.
     *
     * @param keys    keys written
     * @param expired keys whose expiry had passed by the time of the restore: skipped, not brought back
     */
    public record DatabaseRestored(int fromDb, int toDb, long keys, long expired) {
    }

    /** What a restore wrote, database by database in the order restored. */
    public record RedisRestoreResult(List<DatabaseRestored> databases) {
        public RedisRestoreResult {
            databases = List.copyOf(databases);
        }

        public long keys() {
            return databases.stream().mapToLong(DatabaseRestored::keys).sum();
        }

        public long expired() {
            return databases.stream().mapToLong(DatabaseRestored::expired).sum();
        }

        /** Keys written per target database. */
        public Map<Integer, Long> keysByDb() {
            Map<Integer, Long> keys = new LinkedHashMap<>();
            databases.forEach(d -> keys.put(d.toDb(), d.keys()));
            return keys;
        }

        /** Stored records accounted for per target database: written plus skipped as expired. */
        public Map<Integer, Long> recordsByDb() {
            Map<Integer, Long> records = new LinkedHashMap<>();
            databases.forEach(d -> records.put(d.toDb(), d.keys() + d.expired()));
            return records;
        }
    }

    /**
     * Checks, writing nothing, that {@code component} can be restored into {@code target} with {@code options}:
     * the server answers and accepts the credentials, is recent enough for absolute expiries, has every target
     * database, and — unless told to flush or merge — those databases are empty.
     */
    public static void check(Component component, RedisTarget target, RedisRestoreOptions options)
            throws IOException {
        Map<Integer, Integer> targets = targets(databases(component), options);
        Jedis jedis = RedisConnections.open(target, 0);
        try {
            checkTarget(jedis, target, targets.values(), options);
        } catch (JedisException e) {
            throw RedisConnections.failure(target, e);
        } finally {
            RedisConnections.closeQuietly(jedis);
        }
    }

    /**
     * Restores a Redis component into {@code target}: {@code RESTORE key expiry payload ABSTTL REPLACE},
     * pipelined, each key expiring when the original would have; keys whose expiry has passed since the backup
     * are skipped and counted. Every target database is checked before anything is written, so a refused
     * restore changes nothing.
     */
    public static RedisRestoreResult restore(Repository repository, Component component, RedisTarget target,
                                             RedisRestoreOptions options, Reporter reporter)
            throws IOException {
        Map<Integer, RedisBody.Database> databases = databases(component);
        ExpiryEncoding encoding = ExpiryEncoding.of(body(component), component.label());
        Map<Integer, Integer> targets = targets(databases, options);
        Jedis jedis = RedisConnections.open(target, 0);
        try {
            String serverVersion = checkTarget(jedis, target, targets.values(), options);
            ServerClock clock = ServerClock.read(jedis);
            List<DatabaseRestored> restored = new ArrayList<>();
            for (Map.Entry<Integer, Integer> e : targets.entrySet()) {
                int from = e.getKey();
                int to = e.getValue();
                select(jedis, target, to);
                if (options.existing() == RedisRestoreOptions.Existing.FLUSH) {
                    jedis.flushDB();
                }
                RedisBody.Database entry = databases.get(from);
                DatabaseRestored result = restoreDatabase(repository, entry.blobs(), encoding, jedis, clock, target,
                        from, to, serverVersion, reporter);
                Long expected = entry.keys();
                if (expected != null && expected >= 0 && expected != result.keys() + result.expired()) {
                    throw new IOException("stored Redis database " + from + " of " + component.label()
                            + " is damaged: it should hold " + expected + " keys and holds "
                            + (result.keys() + result.expired()));
                }
                restored.add(result);
                reporter.info("redis " + target.address() + " db " + to + ": restored " + result.keys() + " keys"
                        + (from != to ? " (from db " + from + ")" : "")
                        + (result.expired() > 0 ? "; " + result.expired() + " expired since the backup, skipped" : ""));
            }
            return new RedisRestoreResult(restored);
        } catch (JedisException e) {
            throw RedisConnections.failure(target, e);
        } finally {
            RedisConnections.closeQuietly(jedis);
        }
    }

    /** The body of a Redis component. */
    static RedisBody body(Component component) throws IOException {
        return component.body(RedisBody.class).orElseThrow(() -> new IOException("component " + component.label()
                + " is not a Redis backup"));
    }

    /** Stored database number → its entry in the component body, ascending. */
    private static Map<Integer, RedisBody.Database> databases(Component component) throws IOException {
        RedisBody body = body(component);
        ExpiryEncoding.of(body, component.label()); // refuses unknown formats before anything else
        return new TreeMap<>(body.databases());
    }

    /** The stored database numbers of a Redis component, ascending. */
    public static List<Integer> storedDatabases(Component component) throws IOException {
        return List.copyOf(databases(component).keySet());
    }

    /** Stored database → target database, refusing two stored databases mapped onto one. */
    private static Map<Integer, Integer> targets(Map<Integer, RedisBody.Database> databases,
                                                 RedisRestoreOptions options)
            throws RedisFailure {
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
        return targets;
    }

    /** The checks of {@link #check}, on an open connection; returns the server's version. */
    private static String checkTarget(Jedis jedis, RedisTarget target, Iterable<Integer> databases,
                                      RedisRestoreOptions options) throws RedisFailure {
        String serverVersion = infoField(jedis.info("server"), "redis_version");
        int major = majorVersion(serverVersion);
        if (major >= 0 && major < MIN_TARGET_MAJOR) {
            throw new RedisFailure("Redis at " + target.address() + " is version " + serverVersion
                    + "; restoring needs Redis " + MIN_TARGET_MAJOR + ".0 or newer (RESTORE … ABSTTL)");
        }
        for (int to : databases) {
            select(jedis, target, to);
            long size = jedis.dbSize();
            if (size > 0 && options.existing() == RedisRestoreOptions.Existing.REFUSE) {
                throw new RedisFailure("Redis database " + to + " at " + target.address() + " is not empty ("
                        + size + (size == 1 ? " key" : " keys") + "); restore with flush to empty it first,"
                        + " or with merge to keep its other keys");
            }
        }
        return serverVersion;
    }

    private static DatabaseRestored restoreDatabase(Repository repository, List<BlobId> blobs, ExpiryEncoding encoding,
                                                    Jedis jedis, ServerClock clock, RedisTarget target, int from,
                                                    int db, String serverVersion, Reporter reporter)
            throws IOException {
        Pipeline pipeline = jedis.pipelined();
        List<KeyRecord> batch = new ArrayList<>();
        long batchBytes = 0;
        long[] counts = new long[2]; // keys written, keys skipped as expired
        long nextProgress = PROGRESS_EVERY;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(repository.openBlobs(blobs), 1 << 16))) {
            KeyRecord record;
            while ((record = KeyRecord.readFrom(in, encoding)) != null) {
                batch.add(record);
                batchBytes += record.dump().length + record.key().length;
                if (batch.size() >= MAX_BATCH_KEYS || batchBytes >= BATCH_BYTES) {
                    restoreBatch(pipeline, clock, batch, target, db, serverVersion, counts);
                    batch.clear();
                    batchBytes = 0;
                    if (counts[0] >= nextProgress) {
                        reporter.info("redis db " + db + ": " + counts[0] + " keys restored");
                        nextProgress += PROGRESS_EVERY;
                    }
                }
            }
        }
        restoreBatch(pipeline, clock, batch, target, db, serverVersion, counts);
        return new DatabaseRestored(from, db, counts[0], counts[1]);
    }

    /** Restores one batch in one round trip, adding to {@code counts} {written, skipped as expired}. */
    private static void restoreBatch(Pipeline pipeline, ServerClock clock, List<KeyRecord> batch, RedisTarget target,
                                     int db, String serverVersion, long[] counts) throws RedisFailure {
        if (batch.isEmpty()) {
            return;
        }
        List<KeyRecord> sent = new ArrayList<>(batch.size());
        List<Response<String>> replies = new ArrayList<>(batch.size());
        RestoreParams absolute = RestoreParams.restoreParams().replace().absTtl();
        long now = clock.nowMillis();
        for (KeyRecord record : batch) {
            if (record.expireAt() != KeyRecord.NO_EXPIRY && record.expireAt() <= now) {
                counts[1]++; // RESTORE would accept it and drop it at once; it expired, so it is not restored
                continue;
            }
            // RESTORE's expiry 0 means "none"; with ABSTTL any other value is a point in time.
            long expiry = record.expireAt() == KeyRecord.NO_EXPIRY ? 0 : record.expireAt();
            sent.add(record);
            replies.add(pipeline.restore(record.key(), expiry, record.dump(), absolute));
        }
        pipeline.sync();
        for (int i = 0; i < sent.size(); i++) {
            try {
                replies.get(i).get();
            } catch (JedisDataException e) {
                throw restoreFailure(sent.get(i), target, db, serverVersion, e);
            }
        }
        counts[0] += sent.size();
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

    /** The major version of "7.0.15"; -1 when it cannot be read (a compatible server may report its own). */
    static int majorVersion(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
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
