package dev.sotbackup.testing;

import dev.sotbackup.demo.S3Server;
import dev.sotbackup.repository.backend.BackendOptions;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The S3 server of {@link S3Servers} (a {@link S3Server}, as the demo runs). Tests create their own buckets
 * ({@link #createUniqueBucket}) because every test class in the JVM shares the server.
 */
public final class S3TestServer {

    private static final AtomicLong COUNTER = new AtomicLong();

    private final S3Server server;

    S3TestServer(S3Server server) {
        this.server = server;
    }

    /** {@code http://127.0.0.1:PORT} */
    public URI endpoint() {
        return server.endpoint();
    }

    public String accessKey() {
        return server.accessKey();
    }

    public String secretKey() {
        return server.secretKey();
    }

    /** The server's credentials, for {@link BackendOptions#s3Credentials()}. */
    public AwsCredentialsProvider credentials() {
        return server.credentials();
    }

    /** Options that let {@code Backends.open(repoUrl(…), options)} reach this server without touching env. */
    public BackendOptions backendOptions() {
        return BackendOptions.defaults().withS3Credentials(credentials());
    }

    public void createBucket(String bucket) {
        server.createBucket(bucket);
    }

    /** Creates {@code <prefix>-<unique>} (lower case, as S3 requires) and returns its name. */
    public String createUniqueBucket(String prefix) {
        String bucket = (prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36)).toLowerCase(Locale.ROOT);
        createBucket(bucket);
        return bucket;
    }

    /** {@code s3:http://127.0.0.1:PORT/bucket/prefix} (or without {@code /prefix} when it is empty). */
    public String repoUrl(String bucket, String prefix) {
        return "s3:" + endpoint() + "/" + bucket + (prefix == null || prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return server.toString();
    }
}
