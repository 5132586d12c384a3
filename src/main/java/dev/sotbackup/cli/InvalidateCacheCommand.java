package dev.sotbackup.cli;

import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.redis.CacheInvalidation;
import dev.sotbackup.redis.RedisTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sot-backup invalidate-cache}: flushes exactly the cache database after a restore or a move — what
 * {@code nautobot-server invalidate all} does — and never the task queue's database.
 */
@Command(name = "invalidate-cache", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Flush the application's cache database in Redis (never the task queue's): the deployment's "
                + "(-c FILE) or the one given.")
public final class InvalidateCacheCommand extends CliCommand {

    @Mixin
    DeploymentOptions deployment;

    @Option(names = "--redis", paramLabel = "URI",
            description = "redis://[user:password@]host:port or rediss:// (REDISCLI_AUTH supplies a password); "
                    + "default: the deployment's cache server (-c).")
    String redis;

    @Option(names = "--cache-db", paramLabel = "N",
            description = "The cache database (NetBox and Nautobot: 1 in the usual configuration; the tasks use 0); "
                    + "default: the deployment's (-c).")
    Integer cacheDb;

    @Override
    public Integer call() throws Exception {
        if (cacheDb != null) {
            OptionChecks.notNegative(spec, "--cache-db", cacheDb);
        }
        RedisTarget target;
        int db;
        if (deployment.given()) {
            Deployment.RedisStores stores = deployment.resolveOutsideCluster(spec, environment(), null,
                    new StoreOptions(), "invalidate-cache of a deployment in a cluster",
                    "give --redis URI of a port-forward to the Redis master and --cache-db N without -c").redis();
            if (stores == null) {
                throw usage("the deployment file names no Redis");
            }
            target = redis != null ? RedisTarget.parse(redis, environment().variables()) : stores.cache();
            db = cacheDb != null ? cacheDb : stores.cacheDb();
            if (cacheDb == null && !stores.hasSeparateCache()) {
                throw usage("the deployment's cache shares Redis database "
                        + stores.tasksDb() + " with its tasks; flushing it would drop the task queue");
            }
        } else {
            if (redis == null || cacheDb == null) {
                throw usage("give -c FILE, or --redis URI and --cache-db N");
            }
            target = RedisTarget.parse(redis, environment().variables());
            db = cacheDb;
        }
        long removed = CacheInvalidation.flush(target, db);
        out().println("flushed Redis database " + db + " at " + target.address()
                + " (" + removed + " keys)");
        return SotBackup.EXIT_OK;
    }
}
