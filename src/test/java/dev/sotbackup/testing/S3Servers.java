package dev.sotbackup.testing;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * An in-process S3 server for tests: s3proxy on 127.0.0.1 (random port) over jclouds' in-memory ("transient") blob
 * store, with fixed test credentials (AWS v2 or v4 signatures) and path-style addressing. Started
 * once per JVM on first use (thread-safe), stopped and its directory removed by a shutdown hook.
 */
public final class S3Servers {

    public static final String ACCESS_KEY = "sot-test-access-key";
    public static final String SECRET_KEY = "sot-test-secret-key-0123456789";

    private static final FutureTask<S3TestServer> SERVER = new FutureTask<>(S3Servers::startServer);

    private S3Servers() {
    }

    public static S3TestServer start() {
        SERVER.run(); // no-op unless this is the first caller; concurrent callers block in get()
        try {
            return SERVER.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the S3 test server", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start the S3 test server: " + e.getCause(), e.getCause());
        }
    }

    private static S3TestServer startServer() throws Exception {
        // "transient" keeps objects in memory and stores an upload only once it is complete, as S3 does;
        // the "filesystem" store leaves the temp file of an aborted upload visible in listings.
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential") // the blob store's own; unrelated to the S3 keys
                .modules(List.of(new SLF4JLoggingModule())) // jclouds logs to java.util.logging otherwise
                .buildView(BlobStoreContext.class);
        BlobStore blobStore = context.getBlobStore();
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(proxy, context), "s3proxy-stop"));
        return new S3TestServer(URI.create("http://127.0.0.1:" + proxy.getPort()), ACCESS_KEY, SECRET_KEY,
                blobStore);
    }

    private static void stop(S3Proxy proxy, BlobStoreContext context) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // The JVM is exiting; the port goes with it.
        }
        context.close();
    }
}
