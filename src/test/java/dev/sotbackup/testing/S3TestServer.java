package dev.sotbackup.testing;

import dev.sotbackup.repository.backend.BackendOptions;
import org.jclouds.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The S3 server of {@link S3Servers}. Tests create their own buckets ({@link #createUniqueBucket}) because
 * every test class in the JVM shares the server.
 */
public final class S3TestServer {

    private static final AtomicLong COUNTER = new AtomicLong();

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final BlobStore blobStore;

    S3TestServer(URI endpoint, String accessKey, String secretKey, BlobStore blobStore) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.blobStore = blobStore;
    }

    /** {@code http://127.0.0.1:PORT} */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The server's credentials, for {@link BackendOptions#s3Credentials()}. */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    /** Options that let {@code Backends.open(repoUrl(…), options)} reach this server without touching env. */
    public BackendOptions backendOptions() {
        return BackendOptions.defaults().withS3Credentials(credentials());
    }

    public void createBucket(String bucket) {
        blobStore.createContainerInLocation(null, bucket);
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
        return "s3:" + endpoint + "/" + bucket + (prefix == null || prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return "s3proxy at " + endpoint;
    }
}
