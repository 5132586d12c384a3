package dev.sotbackup.cli;

import dev.sotbackup.redis.CacheInvalidation;
import dev.sotbackup.redis.RedisTarget;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sot-backup invalidate-cache}: flushes exactly the cache database after a restore or a move — what
 * {@code nautobot-server invalidate all} does — and never the task queue's database.
 */
@Command(name = "invalidate-cache", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Flush the application's cache database in Redis (never the task queue's).")
public final class InvalidateCacheCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--redis", required = true, paramLabel = "URI",
            description = "redis://[user:password@]host:port or rediss:// (REDISCLI_AUTH supplies a password).")
    String redis;

    @Option(names = "--cache-db", required = true, paramLabel = "N",
            description = "The cache database (NetBox: 1 in the usual configuration; the tasks use 0).")
    int cacheDb;

    @Override
    public Integer call() throws Exception {
        RedisTarget target = RedisTarget.parse(redis, environment().variables());
        long removed = CacheInvalidation.flush(target, cacheDb);
        spec.commandLine().getOut().println("flushed Redis database " + cacheDb + " at " + target.address()
                + " (" + removed + " keys)");
        return SotBackup.EXIT_OK;
    }

    private Environment environment() {
        return ((SotBackup) spec.root().userObject()).environment();
    }
}
