package dev.sotbackup.cli;

import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.DeploymentConfig;
import dev.sotbackup.deployment.Profile;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.redis.RedisTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code -c FILE}: the deployment a command acts on. Flags given beside it ({@code --postgres}, {@code --redis},
 * {@code --dir}, {@code --s3-*}) override the file's values store by store; without {@code -c} the flags alone
 * describe a {@code generic} deployment.
 */
public final class DeploymentOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Deployment description (YAML: profile, postgres, redis, directories, bucket, kubernetes; "
                    + "env files).")
    Path config;

    boolean given() {
        return config != null;
    }

    /**
     * The deployment from {@code -c} (if given) with the flags on top.
     *
     * @param postgres {@code --postgres} or null
     */
    Deployment resolve(CommandSpec spec, Environment environment, String postgres, StoreOptions stores)
            throws IOException {
        Deployment deployment = config != null ? load(config, environment)
                : new Deployment("generic", Profile.GENERIC, List.of(), null, Map.of(), null, List.of());
        if (postgres != null) {
            ConnInfo conninfo = ConnInfo.parse(postgres, environment.variables(), environment.home());
            deployment = deployment.withDatabases(List.of(new Deployment.Database(conninfo.dbname(), conninfo)));
        }
        RedisTarget redis = stores.redis(environment);
        if (redis != null) {
            Deployment.RedisStores known = deployment.redis();
            deployment = deployment.withRedis(known == null ? Deployment.RedisStores.withoutRoles(redis)
                    : new Deployment.RedisStores(redis, known.tasksDb(),
                    known.cacheOnTaskServer() ? redis : known.cache(), known.cacheDb()));
        }
        Map<String, Path> directories = stores.directories(spec);
        if (!directories.isEmpty()) {
            Map<String, Path> merged = new LinkedHashMap<>(deployment.directories());
            merged.putAll(directories);
            deployment = deployment.withDirectories(merged);
        }
        var bucket = stores.bucket(environment);
        if (bucket != null) {
            deployment = deployment.withBucket(bucket);
        } else if (deployment.bucket() != null) {
            deployment = deployment.withBucket(stores.withCredentials(deployment.bucket(), environment));
        }
        return deployment;
    }

    /**
     * {@link #resolve} for commands that cannot act on a cluster yet: a deployment file with a {@code kubernetes:}
     * section is refused with one line saying what to do instead.
     *
     * @param what    what is not supported, e.g. "restore into a cluster"
     * @param instead how to reach the stores without the cluster section, e.g. "--postgres/--redis/--dir on
     *                port-forwards"
     */
    Deployment resolveOutsideCluster(CommandSpec spec, Environment environment, String postgres, StoreOptions stores,
                                     String what, String instead) throws IOException {
        Deployment resolved = resolve(spec, environment, postgres, stores);
        if (resolved.kubernetes() != null) {
            throw new ParameterException(spec.commandLine(), what + " is not supported yet (" + config
                    + " has a kubernetes: section); " + instead);
        }
        return resolved;
    }

    /** A deployment file (YAML, as for {@code -c}) with the environment's variables and home directory. */
    static Deployment load(Path file, Environment environment) throws IOException {
        return DeploymentConfig.load(file, environment.variables(), environment.home());
    }

    /** Where the deployment's databases are, for {@code ConnectionSlots} to ask their servers. */
    static List<ConnInfo> conninfos(Deployment deployment) {
        return deployment.databases().stream().map(Deployment.Database::conninfo).toList();
    }

    /** Names of the stores in a deployment, for "nothing to back up" checks. */
    static List<String> stores(Deployment deployment) {
        List<String> names = new ArrayList<>();
        deployment.databases().forEach(d -> names.add("postgres/" + d.name()));
        if (deployment.redis() != null) {
            names.add("redis");
        }
        deployment.directories().keySet().forEach(d -> names.add("files/" + d));
        if (deployment.kubernetes() != null) {
            names.add("kubernetes");
        }
        if (deployment.bucket() != null) {
            names.add("objects");
        }
        return names;
    }
}
