package dev.sotbackup.repository.backend;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * What {@link Backends#open(String, BackendOptions)} needs besides the repository URL. The CLI uses
 * {@link #defaults()} (credentials from the AWS default chain: environment, profiles, …); tests pass the
 * in-process S3 server's credentials here instead of mutating the environment.
 *
 * @param s3Credentials credentials for S3 repositories, or null for the AWS default provider chain
 * @param s3Region      region for S3 requests, or null: {@code us-east-1} for custom endpoints, else
 *                      AWS_REGION / AWS_DEFAULT_REGION, else {@code us-east-1}
 */
public record BackendOptions(AwsCredentialsProvider s3Credentials, String s3Region) {

    public static BackendOptions defaults() {
        return new BackendOptions(null, null);
    }

    public BackendOptions withS3Credentials(AwsCredentialsProvider credentials) {
        return new BackendOptions(credentials, s3Region);
    }

    public BackendOptions withS3Region(String region) {
        return new BackendOptions(s3Credentials, region);
    }

    @Override
    public String toString() {
        // Never print the provider: a static one would show its key id.
        return "BackendOptions[s3Credentials=" + (s3Credentials == null ? "default chain" : "given")
                + ", s3Region=" + s3Region + "]";
    }
}
