package dev.sotbackup.cli;

import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.redis.RedisFailure;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.repository.backend.BackendException;
import dev.sotbackup.repository.backend.Backends;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The non-PostgreSQL stores of a deployment, as {@code backup} reads them and {@code restore} writes them:
 * Redis, named directories and an S3-compatible bucket. Shared so both commands name them the same way.
 */
public final class StoreOptions {

    @Option(names = "--redis", paramLabel = "URI",
            description = "Redis: redis://[user:password@]host:port or rediss:// (REDISCLI_AUTH supplies a password).")
    String redis;

    @Option(names = "--dir", paramLabel = "NAME=PATH",
            description = "A directory tree by name, e.g. media=/opt/netbox/netbox/media (repeatable).")
    List<String> directories = new java.util.ArrayList<>();

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "An S3-compatible bucket (uploads).")
    String bucket;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "Endpoint of the bucket's store (default AWS); credentials from the AWS environment.")
    String endpoint;

    @Option(names = "--s3-prefix", paramLabel = "PREFIX", description = "Only objects under this prefix.")
    String prefix;

    boolean any() {
        return redis != null || !directories.isEmpty() || bucket != null;
    }

    /** --dir values by name, in the order given; a usage error for a malformed or repeated one. */
    Map<String, Path> directories(CommandSpec spec) {
        return namedPaths(spec, "--dir", directories);
    }

    /** NAME=PATH option values by name, in the order given. */
    static Map<String, Path> namedPaths(CommandSpec spec, String option, List<String> values) {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                throw new ParameterException(spec.commandLine(), option + " needs NAME=PATH, got \"" + value + "\"");
            }
            if (byName.put(value.substring(0, eq), Path.of(value.substring(eq + 1))) != null) {
                throw new ParameterException(spec.commandLine(), option + " " + value.substring(0, eq)
                        + " given twice");
            }
        }
        return byName;
    }

    /** The Redis server, or null; REDISCLI_AUTH from the environment supplies a password the URI lacks. */
    RedisTarget redis(Environment environment) throws RedisFailure {
        return redis == null ? null : RedisTarget.parse(redis, environment.variables());
    }

    /** The bucket, or null; S3 credentials come from the environment's backend options (the AWS chain). */
    BucketSource bucket(Environment environment) throws BackendException {
        if (bucket == null) {
            return null;
        }
        return withCredentials(BucketSource.of(endpoint == null ? null : Backends.endpoint(endpoint), bucket,
                prefix == null ? "" : prefix), environment);
    }

    /** The environment's S3 credentials and region (the AWS chain unless tests inject their own) on a bucket. */
    BucketSource withCredentials(BucketSource source, Environment environment) {
        var options = environment.backendOptions();
        if (options.s3Credentials() != null) {
            source = source.withCredentials(options.s3Credentials());
        }
        return options.s3Region() == null || source.region() != null ? source : source.withRegion(options.s3Region());
    }
}
