package dev.sotbackup.demo;

import java.net.URI;
import java.util.List;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An in-process S3 server: s3proxy on 127.0.0.1 and a free port over jclouds' in-memory ("transient") blob store,
 * with the given credentials (AWS v2 or v4 signatures) and path-style addressing. Nothing is written to disk;
 * closing it stops the server and drops every object.
 */
public final class S3Server implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private S3Server(S3Proxy proxy, BlobStoreContext context, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public static S3Server start(String accessKey, String secretKey) throws Exception {
        // "transient" keeps objects in memory and stores an upload only once it is complete, as S3 does;
        // the "filesystem" store leaves the temp file of an aborted upload visible in listings.
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential") // the blob store's own; unrelated to the S3 keys
                .modules(List.of(new SLF4JLoggingModule())) // jclouds logs to java.util.logging otherwise
                .buildView(BlobStoreContext.class);
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            return new S3Server(proxy, context, accessKey, secretKey);
        } catch (Exception | Error e) {
            context.close();
            throw e;
        }
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

    /** The server's credentials, for S3 clients of this project. */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    /** The blob store behind the server, for creating buckets without a client. */
    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    public void createBucket(String bucket) {
        blobStore().createContainerInLocation(null, bucket);
    }

    @Override
    public void close() throws Exception {
        try (context) {
            proxy.stop();
        }
    }

    @Override
    public String toString() {
        return "S3 (s3proxy) at " + endpoint;
    }
}
