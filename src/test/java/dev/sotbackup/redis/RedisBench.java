package dev.sotbackup.redis;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.repository.json.Json;
import dev.sotbackup.testing.RedisServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Backup and restore throughput on 1,000,000 small keys (default chunker), against {@code redis-cli --rdb} on
 * the same data, and how far the restored keys' expiries are from the originals' when the restore runs
 * {@code delay} seconds after the backup. Run: java -cp … dev.sotbackup.redis.RedisBench [keys] [delay]
 */
public final class RedisBench {

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int delaySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Path work = Files.createTempDirectory("redis-bench-");
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            long t0 = System.nanoTime();
            try (Jedis jedis = new Jedis("127.0.0.1", source.port())) {
                Pipeline p = jedis.pipelined();
                for (int i = 0; i < keys; i++) {
                    p.set("rq:job:" + i, "{\"status\": \"finished\", \"n\": " + i + "}");
                    p.pexpire("rq:job:" + i, 3_600_000 + (i % 3_600) * 1_000L); // every key expires, within 2 h
                    if (i % 5000 == 4999) {
                        p.sync();
                    }
                }
                p.sync();
            }
            System.out.printf("load: %d keys in %.2f s%n", keys, seconds(t0));

            Repository repository = Repository.init(new LocalBackend(work.resolve("repo")), "bench".toCharArray(),
                    new ScryptParams(1024, 8, 1));
            RedisTarget sourceTarget = RedisTarget.parse(source.url());
            long t1 = System.nanoTime();
            SnapshotId id;
            try (BackupSession session = repository.startBackup("bench", 2)) {
                Component component = RedisComponent.backup(session, sourceTarget, RedisSelection.all(),
                        Reporter.silent());
                id = session.commit(Snapshot.of(Instant.now(), "bench", List.of(), List.of(component)));
            }
            double backup = seconds(t1);
            Component stored = repository.loadSnapshot(id).components().getFirst();
            System.out.printf("backup: %.2f s, %.0f keys/s, stream %d bytes%n", backup, keys / backup,
                    Json.tree(stored.body()).path("databases").path("0").path("bytes").asLong());

            Thread.sleep(delaySeconds * 1000L);
            long t2 = System.nanoTime();
            RedisComponent.restore(repository, stored, RedisTarget.parse(target.url()),
                    RedisRestoreOptions.defaults(), Reporter.silent());
            double restore = seconds(t2);
            System.out.printf("restore: %.2f s, %.0f keys/s%n", restore, keys / restore);
            System.out.printf("expiry: restored %d s after the backup, worst difference %d ms%n", delaySeconds,
                    worstExpiryDifference(source, target, keys));

            long t3 = System.nanoTime();
            Process cli = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(source.port()),
                    "--rdb", work.resolve("dump.rdb").toString()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("cli.log").toFile()).start();
            int exit = cli.waitFor();
            double rdb = seconds(t3);
            System.out.printf("redis-cli --rdb: %.2f s (exit %d), %d bytes%n", rdb, exit,
                    Files.size(work.resolve("dump.rdb")));
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The largest |PEXPIRETIME restored − PEXPIRETIME original| over all keys. */
    private static long worstExpiryDifference(RedisServers.Server source, RedisServers.Server target, int keys) {
        long worst = 0;
        try (Jedis a = new Jedis("127.0.0.1", source.port()); Jedis b = new Jedis("127.0.0.1", target.port())) {
            for (int from = 0; from < keys; from += 5000) {
                Pipeline pa = a.pipelined();
                Pipeline pb = b.pipelined();
                List<redis.clients.jedis.Response<Long>> ra = new java.util.ArrayList<>();
                List<redis.clients.jedis.Response<Long>> rb = new java.util.ArrayList<>();
                for (int i = from; i < Math.min(keys, from + 5000); i++) {
                    ra.add(pa.pexpireTime("rq:job:" + i));
                    rb.add(pb.pexpireTime("rq:job:" + i));
                }
                pa.sync();
                pb.sync();
                for (int i = 0; i < ra.size(); i++) {
                    worst = Math.max(worst, Math.abs(ra.get(i).get() - rb.get(i).get()));
                }
            }
        }
        return worst;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
