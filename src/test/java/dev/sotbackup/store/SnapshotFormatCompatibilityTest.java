package dev.sotbackup.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.DeploymentRestore;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.CheckReport;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.RedisServers;
import dev.sotbackup.testing.S3Servers;
import dev.sotbackup.testing.S3TestServer;
import dev.sotbackup.testing.TestServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Repositories written by earlier versions stay readable: each golden repository under
 * {@code src/test/resources/repositories/} (written once by {@link GoldenRepositoryWriter}) is restored with the
 * current code, store by store, and compared with its stores loaded afresh the way the writer loaded them.
 */
class SnapshotFormatCompatibilityTest {

    @TempDir
    Path work;

    @Test
    void aSnapshotWrittenByFormat1RestoresEveryStore() throws Exception {
        Path copy = copyOf("format-1");
        TestServer pg = PostgresServers.embedded(15);
        String expectedDb = pg.createDatabase("golden_expected");
        String targetDb = pg.createDatabase("golden_target");
        S3TestServer s3 = S3Servers.start();
        String expectedBucket = s3.createUniqueBucket("golden-expected");
        String targetBucket = s3.createUniqueBucket("golden-target");
        try (RedisServers.Server expectedRedis = RedisServers.start();
             RedisServers.Server targetRedis = RedisServers.start();
             Jedis expected = new Jedis("127.0.0.1", expectedRedis.port());
             Jedis restored = new Jedis("127.0.0.1", targetRedis.port());
             S3Client client = GoldenDeployment.client(s3);
             Repository repository = Repository.open(new LocalBackend(copy),
                     GoldenDeployment.PASSWORD.toCharArray())) {
            GoldenDeployment.loadDatabase(pg, expectedDb);
            GoldenDeployment.loadRedis(expected);
            Path expectedMedia = work.resolve("expected-media");
            GoldenDeployment.createMedia(expectedMedia);
            GoldenDeployment.fillBucket(client, expectedBucket);
            Path restoredMedia = work.resolve("restored-media");
            Deployment target = GoldenDeployment.deployment(pg, targetDb, targetRedis.url(), restoredMedia, s3,
                    targetBucket);

            Snapshot snapshot = repository.loadSnapshot(repository.resolveSnapshot("latest"));
            DeploymentRestore.Plan plan = DeploymentRestore.Plan.forDeployment(RestoreOptions.defaults());
            DeploymentRestore.Outcome outcome = DeploymentRestore.restore(repository,
                    DeploymentRestore.preflight(snapshot, target, plan), plan, Reporter.silent());

            assertEquals(4, outcome.restored().size(), outcome.restored().toString());
            assertEquals("NetBox 4.2", snapshot.application());
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(pg, expectedDb),
                    DatabaseSnapshot.capture(pg, targetDb));
            expected.select(GoldenDeployment.TASKS_DB);
            restored.select(GoldenDeployment.TASKS_DB);
            assertEquals(GoldenDeployment.redisContents(expected), GoldenDeployment.redisContents(restored));
            long expiry = restored.pexpireTime("session:abc");
            assertTrue(expiry <= GoldenDeployment.SESSION_EXPIRES_AT
                    && expiry > GoldenDeployment.SESSION_EXPIRES_AT - 60_000, "expires in 2100 as it did: " + expiry);
            restored.select(GoldenDeployment.CACHE_DB);
            assertEquals(0, restored.dbSize(), "the cache is not in the snapshot");
            assertEquals(GoldenDeployment.describeTree(expectedMedia), GoldenDeployment.describeTree(restoredMedia));
            assertEquals(GoldenDeployment.describeBucket(client, expectedBucket, GoldenDeployment.PREFIX),
                    GoldenDeployment.describeBucket(client, targetBucket, GoldenDeployment.PREFIX));

            CheckReport check = repository.check(true);
            assertTrue(check.ok(), check.problems().toString());
        } finally {
            pg.dropDatabase(expectedDb);
            pg.dropDatabase(targetDb);
        }
    }

    /** A writable copy: a restore takes a lock in the repository. */
    private Path copyOf(String name) throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource("/repositories/" + name).toURI());
        Path target = work.resolve(name);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Files.copy(path, target.resolve(source.relativize(path).toString()));
            }
        }
        Files.createDirectories(target.resolve("locks")); // git keeps no empty directory
        return target;
    }
}
