package dev.sotbackup.cli;

import static dev.sotbackup.kubernetes.MockCluster.PG_PASSWORD;
import static dev.sotbackup.kubernetes.MockCluster.REDIS_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sotbackup.kubernetes.MockCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sot-backup discover} against the Kubernetes API mock through a kubeconfig file, as an operator runs it:
 * what it prints, that no secret value ever appears, and one-line failures with exit code 1.
 */
class DiscoverCommandTest {

    @TempDir
    Path work;

    private MockCluster cluster;
    private Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        cluster = new MockCluster();
        cluster.netboxEnterprise(MockCluster.NBE_NAMESPACE);
        kubeconfig = cluster.writeKubeconfig(work, null);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void printsTheStoresAndWhereTheirSecretsComeFrom() {
        CommandRun run = cli(Environment.empty(), "discover", "--kubeconfig", kubeconfig.toString(), "-n", "kotsadm");
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(
                "namespace kotsadm (netbox-enterprise, via kubeconfig " + kubeconfig + ")",
                "postgresql: primary pod " + MockCluster.PRIMARY_POD + " container database port 5432 (cluster "
                        + MockCluster.PGO_CLUSTER + ")",
                "  replicas: " + MockCluster.REPLICA_POD,
                "  database netbox, user netbox, password: from secret " + MockCluster.PGUSER_SECRET
                        + " (key password)",
                "redis: master pod " + MockCluster.REDIS_POD + " container redis port 6379, password: from secret "
                        + MockCluster.REDIS_SECRET + " (key redis-password)",
                "files: media, scripts, reports under /opt/netbox/netbox in pod " + MockCluster.NETBOX_POD
                        + " container netbox",
                "bucket: none in the namespace"), run.out().lines().toList());
        assertNoSecret(run);
    }

    @Test
    void jsonNamesTheSecretsNotTheirValues() throws Exception {
        Environment env = Environment.empty().withVariable("KUBECONFIG", kubeconfig.toString());
        CommandRun run = cli(env, "discover", "--namespace", "kotsadm", "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("kotsadm", json.get("namespace").asText());
        assertEquals(MockCluster.PRIMARY_POD, json.at("/postgresql/pod").asText());
        assertEquals(MockCluster.REPLICA_POD, json.at("/postgresql/replicas/0").asText());
        assertEquals(MockCluster.PGUSER_SECRET, json.at("/postgresql/password_secret/name").asText());
        assertEquals("password", json.at("/postgresql/password_secret/key").asText());
        assertEquals(MockCluster.REDIS_POD, json.at("/redis/pod").asText());
        assertTrue(json.at("/redis/password_set").asBoolean());
        assertEquals("/opt/netbox/netbox", json.at("/files/base_directory").asText());
        assertTrue(json.get("bucket").isNull());
        assertNoSecret(run);
    }

    @Test
    void wrongNamespaceIsOneLineAndExitCodeOne() {
        CommandRun run = cli(Environment.empty(), "discover", "--kubeconfig", kubeconfig.toString(), "-n", "netbox");
        assertEquals(1, run.code());
        assertEquals("sot-backup: error: namespace netbox not found (NetBox Enterprise uses netbox-enterprise on KOTS "
                + "and kotsadm on the Embedded Cluster; give --namespace)\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void forbiddenIsOneLinePointingAtTheManifest() {
        cluster.intercept(request -> request.getPath().startsWith("/api/v1/namespaces/kotsadm/secrets/")
                ? MockCluster.status(403, "Forbidden", "secrets \"x\" is forbidden: User \"backup-operator\" cannot "
                + "get resource \"secrets\" in API group \"\" in the namespace \"kotsadm\"") : null);
        CommandRun run = cli(Environment.empty(), "discover", "--kubeconfig", kubeconfig.toString(), "-n", "kotsadm");
        assertEquals(1, run.code());
        assertEquals("sot-backup: error: forbidden: user backup-operator cannot get secret "
                + MockCluster.PGUSER_SECRET + " in namespace kotsadm; see deploy/kubernetes/rbac.yaml\n", run.err());
    }

    @Test
    void unknownFlavourIsAUsageError() {
        CommandRun run = cli(Environment.empty(), "discover", "--kubeconfig", kubeconfig.toString(), "--flavour", "k3s");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("sot-backup: --flavour: unknown flavour \"k3s\" (expected "
                + "netbox-enterprise or helm)"), run.err());
    }

    private static void assertNoSecret(CommandRun run) {
        for (String secret : List.of(PG_PASSWORD, REDIS_PASSWORD)) {
            assertFalse(run.out().contains(secret), run.out());
            assertFalse(run.err().contains(secret), run.err());
        }
    }

    private static CommandRun cli(Environment env, String... args) {
        return CommandRun.of(env, args);
    }

}
