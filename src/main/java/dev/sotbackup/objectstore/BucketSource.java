package dev.sotbackup.objectstore;

import dev.sotbackup.repository.backend.BackendOptions;
import dev.sotbackup.repository.backend.S3Location;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * An S3 bucket, or the part of it under a key prefix, to back up or restore into. Holds no secrets itself:
 * credentials come from a provider (null = the AWS default chain: environment, profiles, …).
 *
 * @param endpoint    a custom endpoint ({@code http://host:port}), or null for AWS
 * @param bucket      the bucket
 * @param prefix      the key prefix without leading or trailing '/', possibly empty (the whole bucket)
 * @param pathStyle   path-style addressing ({@code endpoint/bucket/key}), as most S3-compatible servers need
 * @param credentials credentials, or null for the AWS default provider chain
 * @param region      region for requests, or null: AWS_REGION / AWS_DEFAULT_REGION, else {@code us-east-1}
 */
public record BucketSource(URI endpoint, String bucket, String prefix, boolean pathStyle,
                           AwsCredentialsProvider credentials, String region) {

    public BucketSource {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("no bucket");
        }
        prefix = normalizePrefix(prefix);
    }

    /**
     * A bucket reached with the default credential chain; a custom endpoint gets path-style addressing, since
     * S3-compatible servers (MinIO, Ceph, s3proxy) rarely resolve bucket host names.
     */
    public static BucketSource of(URI endpoint, String bucket, String prefix) {
        return new BucketSource(endpoint, bucket, prefix, endpoint != null, null, null);
    }

    public BucketSource withCredentials(AwsCredentialsProvider provider) {
        return new BucketSource(endpoint, bucket, prefix, pathStyle, provider, region);
    }

    public BucketSource withRegion(String newRegion) {
        return new BucketSource(endpoint, bucket, prefix, pathStyle, credentials, newRegion);
    }

    /** The full S3 key of a key relative to the prefix. */
    public String key(String relativeKey) {
        return prefix.isEmpty() ? relativeKey : prefix + "/" + relativeKey;
    }

    /** What ListObjectsV2 is asked for: everything under "prefix/", so "uploads" does not match "uploads2/…". */
    String listPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /** The endpoint for the component body and messages. */
    String endpointText() {
        return endpoint == null ? "s3.amazonaws.com" : endpoint.toString();
    }

    S3Location location() {
        return new S3Location(endpoint, bucket, prefix, pathStyle);
    }

    BackendOptions options() {
        return new BackendOptions(credentials, region);
    }

    /** {@code s3:http://host:port/bucket/prefix}, as the repository describes S3 locations. */
    public String describe() {
        return location().describe();
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public String toString() {
        // Never print the provider: a static one would show its key id.
        return "BucketSource[" + describe() + ", credentials=" + (credentials == null ? "default chain" : "given")
                + ", region=" + region + "]";
    }
}
