package dev.sotbackup.redis;

import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.testing.RedisServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Backup and restore throughput on 1,000,000 small keys (default chunker), against {@code redis-cli --rdb} on
 * the same data. Run: java -cp … dev.sotbackup.redis.RedisBench [keys]
 */
public final class RedisBench {

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path work = Files.createTempDirectory("redis-bench-");
        try (RedisServers.Server source = RedisServers.start(); RedisServers.Server target = RedisServers.start()) {
            long t0 = System.nanoTime();
            try (Jedis jedis = new Jedis("127.0.0.1", source.port())) {
                Pipeline p = jedis.pipelined();
                for (int i = 0; i < keys; i++) {
                    p.set("rq:job:" + i, "{\"status\": \"finished\", \"n\": " + i + "}");
                    if (i % 10 == 0) {
                        p.pexpire("rq:job:" + i, 3_600_000);
                    }
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
                Component component = RedisComponent.backup(session, sourceTarget, RedisSelection.all(), line -> { });
                id = session.commit(Snapshot.of(Instant.now(), "bench", List.of(), List.of(component)));
            }
            double backup = seconds(t1);
            Component stored = repository.loadSnapshot(id).components().getFirst();
            System.out.printf("backup: %.2f s, %.0f keys/s, stream %d bytes%n", backup, keys / backup,
                    stored.body().path("databases").path("0").path("bytes").asLong());

            long t2 = System.nanoTime();
            RedisComponent.restore(repository, stored, RedisTarget.parse(target.url()),
                    RedisRestoreOptions.defaults(), line -> { });
            double restore = seconds(t2);
            System.out.printf("restore: %.2f s, %.0f keys/s%n", restore, keys / restore);

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

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
