package dev.sotbackup.repository.backend;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A repository under a prefix of an S3 bucket (AWS or any S3-compatible server). Each object is one key;
 * every put is a single PutObject, which S3 makes visible whole or not at all. Credentials come from the
 * {@link BackendOptions} or the AWS default chain, never from the repository URL.
 */
public final class S3Backend implements Backend {

    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Location location;
    private final S3Client s3;
    private final S3Errors errors;

    S3Backend(S3Location location, S3Client s3) {
        this.location = location;
        this.s3 = s3;
        this.errors = new S3Errors(location);
    }

    /**
     * Connects and checks that the bucket exists and the credentials are accepted (one ListObjectsV2), so that
     * a wrong bucket, key or endpoint is reported once, before any work, in one line.
     */
    public static S3Backend open(S3Location location, BackendOptions options) throws BackendException {
        S3Backend backend = new S3Backend(location, client(location, options));
        try {
            backend.probe();
        } catch (SdkException e) {
            backend.close();
            throw new BackendException(backend.errors.reason(e), e);
        }
        return backend;
    }

    /** One cheap request that fails with the bucket's or the credentials' problem, if there is one. */
    private void probe() {
        s3.listObjectsV2(ListObjectsV2Request.builder().bucket(location.bucket()).prefix(location.key(""))
                .maxKeys(1).build());
    }

    /**
     * The S3 client every S3 user in the project builds (timeouts, region, addressing, credentials); public so
     * that components reading buckets (dev.sotbackup.objectstore) connect exactly as the repository does.
     */
    public static S3Client client(S3Location location, BackendOptions options) {
        AwsCredentialsProvider credentials = options.s3Credentials() != null ? options.s3Credentials()
                : DefaultCredentialsProvider.create();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)))
                .credentialsProvider(credentials)
                .region(Region.of(region(options)))
                .forcePathStyle(location.pathStyle());
        if (location.endpoint() != null) {
            builder.endpointOverride(location.endpoint());
        } else {
            // On AWS the bucket's region may differ from the configured one; let the SDK follow it.
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    private static String region(BackendOptions options) {
        if (options.s3Region() != null && !options.s3Region().isBlank()) {
            return options.s3Region();
        }
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return "us-east-1";
    }

    public S3Location location() {
        return location;
    }

    @Override
    public boolean exists(String name) throws BackendException {
        try {
            s3.headObject(head(name));
            return true;
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return false;
            }
            throw errors.failure("stat", name, e);
        }
    }

    @Override
    public byte[] get(String name) throws BackendException {
        try {
            return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(location.bucket()).key(key(name)).build())
                    .asByteArray();
        } catch (SdkException e) {
            throw errors.failure("read", name, e);
        }
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws BackendException {
        ObjectNames.checkRange(name, offset, length);
        if (length == 0) {
            size(name); // an empty range still requires the object
            return new byte[0];
        }
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(location.bucket()).key(key(name))
                    .range("bytes=" + offset + "-" + (offset + length - 1)).build()).asByteArray();
        } catch (S3Exception e) {
            if ("InvalidRange".equals(S3Errors.code(e))) {
                throw shortObject(name, offset, length, size(name));
            }
            throw errors.failure("read", name, e);
        } catch (SdkException e) {
            throw errors.failure("read", name, e);
        }
        if (bytes.length != length) {
            throw shortObject(name, offset, length, size(name));
        }
        return bytes;
    }

    private BackendException shortObject(String name, long offset, int length, long size) {
        return new BackendException("cannot read " + name + " in " + describe() + ": bytes " + offset + ".."
                + (offset + length) + " requested but the object has " + size);
    }

    @Override
    public long size(String name) throws BackendException {
        try {
            return s3.headObject(head(name)).contentLength();
        } catch (SdkException e) {
            throw errors.failure("stat", name, e);
        }
    }

    @Override
    public void put(String name, byte[] content) throws BackendException {
        upload(name, RequestBody.fromBytes(content));
    }

    @Override
    public void putFile(String name, Path file) throws BackendException {
        try {
            long length = Files.size(file);
            upload(name, RequestBody.fromContentProvider(() -> {
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, length, CONTENT_TYPE));
        } catch (IOException e) {
            throw new BackendException("cannot write " + name + " to " + describe() + ": cannot read "
                    + file + ": " + LocalBackend.reason(e), e);
        }
    }

    /** Uploads what {@code source} yields; package-private so tests can make the source fail mid-way. */
    void putStream(String name, ContentStreamProvider source, long length) throws BackendException {
        upload(name, RequestBody.fromContentProvider(source, length, CONTENT_TYPE));
    }

    private void upload(String name, RequestBody body) throws BackendException {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(key(name))
                    .contentType(CONTENT_TYPE).build(), body);
        } catch (SdkClientException e) {
            throw errors.failure("write", name, diagnose(e));
        } catch (SdkException | java.io.UncheckedIOException e) {
            throw errors.failure("write", name, e);
        }
    }

    /**
     * When a server rejects an upload (missing bucket, denied access) it may answer and close before taking the
     * body, and the client then only reports a broken request. Asking again without a body recovers the server's
     * actual reason; if that succeeds the original failure stands.
     */
    private Exception diagnose(SdkClientException e) {
        if (S3Errors.isUnreachable(e)) {
            return e;
        }
        try {
            probe();
            return e;
        } catch (S3Exception rejected) {
            return rejected;
        } catch (SdkException other) {
            return e;
        }
    }

    @Override
    public SortedMap<String, Long> listWithSizes(String prefix) throws BackendException {
        ObjectNames.checkPrefix(prefix);
        SortedMap<String, Long> objects = new TreeMap<>();
        try {
            // The paginator follows continuation tokens: a data/ listing has far more than 1000 keys.
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(location.bucket()).prefix(location.key(prefix)).build()).contents()) {
                if (!object.key().endsWith("/")) { // "directory" markers some tools create
                    objects.put(location.name(object.key()), object.size());
                }
            }
        } catch (SdkException e) {
            throw errors.failure("list", prefix.isEmpty() ? "objects" : prefix, e);
        }
        return objects;
    }

    @Override
    public void delete(String name) throws BackendException {
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(key(name)));
        } catch (SdkException e) {
            if (!(e instanceof NoSuchKeyException)) {
                throw errors.failure("delete", name, e);
            }
        }
    }

    @Override
    public String describe() {
        return location.describe();
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return describe();
    }

    private HeadObjectRequest head(String name) {
        return HeadObjectRequest.builder().bucket(location.bucket()).key(key(name)).build();
    }

    private String key(String name) {
        return location.key(ObjectNames.check(name));
    }
}
