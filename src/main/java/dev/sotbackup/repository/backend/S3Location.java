package dev.sotbackup.repository.backend;

import java.net.URI;

/**
 * Where an S3 repository lives, as parsed from {@code -r}. Holds no credentials.
 *
 * @param endpoint  a custom endpoint ({@code http://host:port}), or null for AWS
 * @param bucket    the bucket
 * @param prefix    the key prefix without leading or trailing '/', possibly empty
 * @param pathStyle path-style addressing ({@code endpoint/bucket/key}) instead of virtual-host style
 */
public record S3Location(URI endpoint, String bucket, String prefix, boolean pathStyle) {

    public S3Location {
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket");
        }
        prefix = prefix == null ? "" : prefix;
    }

    /** {@code s3:http://host:port/bucket/prefix}, or {@code s3:s3.amazonaws.com/bucket/prefix} for AWS. */
    public String describe() {
        String where = endpoint == null ? "s3.amazonaws.com" : endpoint.toString();
        return "s3:" + where + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** The endpoint for messages. */
    String endpointText() {
        return endpoint == null ? "s3.amazonaws.com" : endpoint.toString();
    }

    /** The S3 key of an object name. */
    String key(String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The object name of an S3 key listed under the prefix. */
    String name(String key) {
        return prefix.isEmpty() ? key : key.substring(prefix.length() + 1);
    }
}
