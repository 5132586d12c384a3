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
}
