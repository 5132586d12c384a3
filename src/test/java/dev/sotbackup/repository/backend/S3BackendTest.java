package dev.sotbackup.repository.backend;

import dev.sotbackup.testing.S3Servers;
import dev.sotbackup.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3BackendTest extends BackendContractTest {

    final S3TestServer server = S3Servers.start();
    String bucket;

    @Override
    Backend newBackend() throws Exception {
        bucket = server.createUniqueBucket("contract");
        return Backends.open(server.repoUrl(bucket, "team/repo"), server.backendOptions());
    }

    @Override
    void putFromFailingSource(Backend backend, String name, byte[] firstBytes) throws BackendException {
        // Declares more bytes than the source yields before failing: the upload can never complete.
        ((S3Backend) backend).putStream(name, () -> failingAfter(firstBytes), firstBytes.length + 1000L);
    }

    @Test
    void objectsLiveUnderThePrefixOnly() throws Exception {
        backend.put("config", bytes("settings"));
        try (Backend bucketRoot = Backends.open(server.repoUrl(bucket, ""), server.backendOptions());
             Backend other = Backends.open(server.repoUrl(bucket, "team/other"), server.backendOptions())) {

            assertEquals(List.of("team/repo/config"), bucketRoot.list(""));
            assertFalse(other.exists("config"));
            assertEquals(List.of(), other.list(""));
        }
    }

    @Test
    void describeIsTheEndpointBucketAndPrefixWithoutCredentials() {
        String description = backend.describe();

        assertEquals("s3:" + server.endpoint() + "/" + bucket + "/team/repo", description);
        assertFalse(description.contains(server.secretKey()));
        assertFalse(description.contains(server.accessKey()));
    }

    @Test
    void missingBucketIsOneClearLine() {
        BackendException e = assertThrows(BackendException.class,
                () -> Backends.open(server.repoUrl("no-such-bucket-here", "repo"), server.backendOptions()));

        assertOneLine(e);
        assertEquals("bucket no-such-bucket-here does not exist at " + server.endpoint(), e.getMessage());
    }

    @Test
    void wrongSecretKeyIsOneClearLineWithoutTheSecret() {
        BackendOptions wrong = BackendOptions.defaults().withS3Credentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(server.accessKey(), "wrong-secret-value")));

        BackendException e = assertThrows(BackendException.class,
                () -> Backends.open(server.repoUrl(bucket, "repo"), wrong));

        assertOneLine(e);
        assertTrue(e.getMessage().contains("SignatureDoesNotMatch") && e.getMessage().contains("403")
                && e.getMessage().contains(server.endpoint().toString()), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret-value"), e.getMessage());
    }

    @Test
    void unknownAccessKeyIsOneClearLine() {
        BackendOptions wrong = BackendOptions.defaults().withS3Credentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("nobody", server.secretKey())));

        BackendException e = assertThrows(BackendException.class,
                () -> Backends.open(server.repoUrl(bucket, "repo"), wrong));

        assertOneLine(e);
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        assertFalse(e.getMessage().contains(server.secretKey()), e.getMessage());
    }

    @Test
    void missingCredentialsSayWhereToPutThem() {
        // Stands in for the default chain finding nothing (the real chain would query instance metadata).
        BackendOptions none = BackendOptions.defaults().withS3Credentials(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        });

        BackendException e = assertThrows(BackendException.class,
                () -> Backends.open(server.repoUrl(bucket, "repo"), none));

        assertOneLine(e);
        assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID"), e.getMessage());
    }

    @Test
    void unreachableEndpointIsOneClearLine() {
        int closedPort = freePort();

        BackendException e = assertThrows(BackendException.class,
                () -> Backends.open("s3:http://127.0.0.1:" + closedPort + "/bucket/repo", server.backendOptions()));

        assertOneLine(e);
        assertTrue(e.getMessage().startsWith("cannot reach http://127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    void failuresAfterOpeningNameTheObjectAndTheRepository() throws Exception {
        // The bucket disappears under an open backend (another admin, a lifecycle rule).
        try (Backend elsewhere = Backends.open(server.repoUrl(bucket, "team/repo"), server.backendOptions())) {
            String otherBucket = server.createUniqueBucket("vanishing");
            try (Backend vanishing = Backends.open(server.repoUrl(otherBucket, "r"), server.backendOptions())) {
                deleteBucket(otherBucket);

                BackendException e = assertThrows(BackendException.class,
                        () -> vanishing.put("config", bytes("settings")));

                assertOneLine(e);
                assertTrue(e.getMessage().startsWith("cannot write config to s3:" + server.endpoint() + "/"
                        + otherBucket + "/r: bucket " + otherBucket + " does not exist"), e.getMessage());
            }
            assertFalse(elsewhere.exists("config"));
        }
    }

    private void deleteBucket(String name) {
        try (software.amazon.awssdk.services.s3.S3Client s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .endpointOverride(server.endpoint()).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(server.credentials()).build()) {
            s3.deleteBucket(b -> b.bucket(name));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
