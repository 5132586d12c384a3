package dev.sotbackup.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sotbackup.deployment.DeploymentBackup;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.RedisServers;
import dev.sotbackup.testing.S3Servers;
import dev.sotbackup.testing.S3TestServer;
import dev.sotbackup.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes a golden repository: one snapshot of {@link GoldenDeployment}, taken by the code of the moment, into the
 * directory named by the system property {@code sotbackup.goldenRepository}. Run once per snapshot format (the
 * surefire default pattern does not pick this class up; the property guards it besides):
 * <pre>
 * mvn -B -o -Dtest=GoldenRepositoryWriter -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsotbackup.goldenRepository=$PWD/src/test/resources/repositories/format-N test
 * </pre>
 * and commit the directory with a {@code SnapshotFormatCompatibilityTest} case that restores it.
 */
@EnabledIfSystemProperty(named = "sotbackup.goldenRepository", matches = ".+")
class GoldenRepositoryWriter {

    @TempDir
    Path work;

    @Test
    void writeTheGoldenRepository() throws Exception {
        Path target = Path.of(System.getProperty("sotbackup.goldenRepository"));
        if (Files.exists(target)) {
            throw new IllegalStateException(target + " exists; a golden repository is written once");
        }
        TestServer pg = PostgresServers.embedded(15);
        String database = pg.createDatabase("golden");
        S3TestServer s3 = S3Servers.start();
        String bucket = s3.createUniqueBucket("golden");
        try (RedisServers.Server redis = RedisServers.start(); Jedis jedis = new Jedis("127.0.0.1", redis.port());
             S3Client client = GoldenDeployment.client(s3)) {
            GoldenDeployment.loadDatabase(pg, database);
            GoldenDeployment.loadRedis(jedis);
            Path media = work.resolve(GoldenDeployment.MEDIA);
            GoldenDeployment.createMedia(media);
            GoldenDeployment.fillBucket(client, bucket);

            // Small scrypt and chunker parameters keep the fixture small and quick to open.
            try (Repository repository = Repository.init(new LocalBackend(target),
                    GoldenDeployment.PASSWORD.toCharArray(), new ScryptParams(1024, 8, 1),
                    new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024))) {
                var outcome = DeploymentBackup.backup(repository,
                        GoldenDeployment.deployment(pg, database, redis.url(), media, s3, bucket),
                        new DeploymentBackup.Plan(CatalogOptions.everything(), 1, false, false, RedisSelection.all(),
                                Map.of(), List.of("golden"), "golden-host", "golden"), Reporter.silent());
                assertEquals(4, outcome.snapshot().components().size(), outcome.snapshot().components().toString());
            }
        } finally {
            pg.dropDatabase(database);
        }
    }
}
