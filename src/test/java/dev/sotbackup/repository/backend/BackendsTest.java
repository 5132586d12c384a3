package dev.sotbackup.repository.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendsTest {

    @TempDir
    Path temp;

    @Test
    void plainPathAndLocalPrefixOpenTheSameDirectory() throws Exception {
        try (Backend plain = Backends.open(temp.toString());
             Backend prefixed = Backends.open("local:" + temp)) {
            assertInstanceOf(LocalBackend.class, plain);
            assertEquals("local:" + temp, plain.describe());
            assertEquals(plain.describe(), prefixed.describe());
        }
    }

    @Test
    void relativePathIsLocal() throws Exception {
        assertEquals(Path.of("backups/repo"), Backends.parseLocal("backups/repo"));
    }

    @Test
    void httpEndpointIsPathStyleWithBucketAndPrefix() throws Exception {
        S3Location location = Backends.parseS3("s3:http://127.0.0.1:9000/bucket/some/prefix/");

        assertEquals(new S3Location(URI.create("http://127.0.0.1:9000"), "bucket", "some/prefix", true), location);
        assertEquals("s3:http://127.0.0.1:9000/bucket/some/prefix", location.describe());
        assertEquals("some/prefix/data/ab/ab12", location.key("data/ab/ab12"));
    }

    @Test
    void httpsEndpointWithoutPrefixUsesTheBucketRoot() throws Exception {
        S3Location location = Backends.parseS3("s3:https://minio.example.net/backups");

        assertEquals(new S3Location(URI.create("https://minio.example.net"), "backups", "", true), location);
        assertEquals("config", location.key("config"));
    }

    @Test
    void awsFormsUseVirtualHostStyleWithoutEndpoint() throws Exception {
        S3Location expected = new S3Location(null, "my-bucket", "netbox", false);

        assertEquals(expected, Backends.parseS3("s3:s3.amazonaws.com/my-bucket/netbox"));
        assertEquals(expected, Backends.parseS3("s3:my-bucket/netbox"));
        assertEquals(expected, Backends.parseS3("s3:s3.eu-west-1.amazonaws.com/my-bucket/netbox"));
        assertEquals("s3:s3.amazonaws.com/my-bucket/netbox", expected.describe());
    }

    @Test
    void credentialsInTheUrlAreRejectedWithoutEchoingThem() {
        BackendException e = assertThrows(BackendException.class,
                () -> Backends.open("s3:http://AKIAX:topsecret@127.0.0.1:9000/bucket"));

        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        assertTrue(e.getMessage().contains("AWS_SECRET_ACCESS_KEY"), e.getMessage());
    }

    @Test
    void badUrlsFailInOneLine() {
        for (String repo : new String[] {"", "s3:", "s3:http://127.0.0.1:9000", "s3:http://127.0.0.1:9000/",
                "s3:http:///bucket", "s3:Bad_Bucket/x", "s3:minio:9000/bucket", "sftp:host:/srv/repo",
                "s3:http://127.0.0.1:9000/bucket?x=1", "local:"}) {
            BackendException e = assertThrows(BackendException.class, () -> Backends.open(repo), repo);
            BackendContractTest.assertOneLine(e);
        }
    }

    @Test
    void locationErrorsNeverQuoteASecret() {
        for (String repo : new String[] {
                "s3:https://key:Pl4nted@127.0.0.1:9000/bucket",
                "s3:https://key:Pl4 nted@127.0.0.1:9000/bucket",  // not even a valid URI
                "s3:https://key:Pl4nted@/bucket",
                "s3:key:Pl4nted@127.0.0.1:9000/bucket",           // scheme forgotten
                "s3:KEY:Pl4nted@s3.amazonaws.com/bucket",
                "s3:https://127.0.0.1:9000/bucket?token=Pl4nted",
                "s3:https://127.0.0.1:9000/Pl4nted@Bucket",
                "sftp://user:Pl4nted@host/srv/repo",
                "rclone:user:Pl4nted@remote"}) {
            BackendException e = assertThrows(BackendException.class, () -> Backends.open(repo), repo);
            assertFalse(e.getMessage().contains("Pl4nted") || e.getMessage().contains("nted"),
                    repo + " -> " + e.getMessage());
            BackendContractTest.assertOneLine(e);
        }
    }

    @Test
    void anEndpointIsSchemeHostAndPortWithoutCredentials() throws Exception {
        assertEquals(URI.create("http://127.0.0.1:9000"), Backends.endpoint("http://127.0.0.1:9000"));
        assertEquals(URI.create("https://garage.example"), Backends.endpoint("HTTPS://garage.example/"));
        for (String endpoint : new String[] {"https://key:Pl4nted@garage.example", "https://key:Pl4 nted@garage.example",
                "garage.example:3900", "https://garage.example?X-Amz-Credential=Pl4nted", "https://garage.example/b"}) {
            BackendException e = assertThrows(BackendException.class, () -> Backends.endpoint(endpoint), endpoint);
            assertFalse(e.getMessage().contains("Pl4nted") || e.getMessage().contains("nted"),
                    endpoint + " -> " + e.getMessage());
            BackendContractTest.assertOneLine(e);
        }
    }
}
