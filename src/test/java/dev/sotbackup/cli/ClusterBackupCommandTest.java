package dev.sotbackup.cli;

import static dev.sotbackup.kubernetes.MockCluster.NBE_NAMESPACE;
import static dev.sotbackup.kubernetes.MockCluster.PGO_CLUSTER;
import static dev.sotbackup.kubernetes.MockCluster.PG_PASSWORD;
import static dev.sotbackup.kubernetes.MockCluster.REDIS_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sotbackup.kubernetes.MockCluster;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.RedisServers;
import dev.sotbackup.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code sot-backup backup -c nbe.yml} with a {@code kubernetes:} section, end to end, as far as a machine without a
 * cluster allows: fabric8's Kubernetes API mock holds NetBox Enterprise's pods and secrets, its port-forward
 * WebSockets are relayed to a real (embedded) PostgreSQL and a real Redis with a password, and its exec WebSockets
 * run the tar command sot-backup sends on a local directory standing for the NetBox pod. Everything from the
 * deployment file through discovery, the operator's secrets, fabric8's local port-forward listener, JDBC and Redis
 * over the forwarded ports, tar over exec, to the snapshot and its restore is the real code; only the API server
 * and the kubelet are emulated.
 */
class ClusterBackupCommandTest {

    private static final String PASSWORD = "cluster backup test";

    @TempDir
    Path work;

    private MockCluster cluster;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        cluster.netboxEnterprise(NBE_NAMESPACE);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void backupOfANetboxEnterpriseDeploymentThroughTheClusterRestoresToTheSameContents() throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String database = pg.createDatabase("nbe_netbox");
        Fixtures.load(pg, database, Fixtures.NETBOX_V42);
        // PGO's secret for the database's user; the embedded server's superuser stands in for it.
        Map<String, String> login = new java.util.LinkedHashMap<>(MockCluster.pguserData(database, PG_PASSWORD));
        login.put("user", pg.superuser());
        cluster.secret(NBE_NAMESPACE, PGO_CLUSTER + "-pguser-" + database, login);

        Path netbox = Files.createDirectories(work.resolve("pod/opt/netbox/netbox"));
        Files.createDirectories(netbox.resolve("media/devicetype-images"));
        Files.writeString(netbox.resolve("media/devicetype-images/front.png"), "front image");
        Files.createDirectories(netbox.resolve("scripts"));
        Files.writeString(netbox.resolve("scripts/sync.py"), "print('sync')\n");
        cluster.runExecLocally(work.resolve("pod"));

        try (RedisServers.Server redis = RedisServers.start("--requirepass", REDIS_PASSWORD);
             RedisServers.Server targetRedis = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.auth(REDIS_PASSWORD);
                jedis.rpush("rq:queue:default", "job-1", "job-2");
                jedis.select(1);
                jedis.set(":1:cached", "page");
            }
            cluster.forwardPortsTo(Map.of(5432, pg.port(), 6379, redis.port()));
            cluster.writeKubeconfig(work, null);
            Path file = work.resolve("nbe.yml");
            Files.writeString(file, """
                    profile: netbox-enterprise
                    name: nbe
                    kubernetes:
                      kubeconfig: kubeconfig
                      namespace: kotsadm
                    postgres:
                      databases: [%s]
                    """.formatted(database));

            Environment env = environment();
            assertEquals(0, cli(env, "init").code());
            CommandRun backup = cli(env, "backup", "-c", file.toString(), "-j", "2", "-v", "--json");
            assertEquals(0, backup.code(), backup.err());
            JsonNode result = new ObjectMapper().readTree(backup.out());
            assertEquals("NetBox 4.2", result.get("application").asText(), backup.out());
            assertTrue(backup.err().contains("sot-backup: postgres: primary pod " + MockCluster.PRIMARY_POD
                    + " forwarded to 127.0.0.1:"), backup.err());
            assertTrue(backup.err().contains("sot-backup:   note: reached through Kubernetes: netbox-enterprise in "
                    + "namespace kotsadm (kubeconfig " + work.resolve("kubeconfig") + ")"), backup.err());

            // The forwards went to the primary and the Redis master, the execs to the NetBox pod's container.
            List<String> requests = cluster.streamRequests();
            assertTrue(requests.stream().anyMatch(p -> p.equals("/api/v1/namespaces/kotsadm/pods/"
                    + MockCluster.PRIMARY_POD + "/portforward?ports=5432")), requests.toString());
            assertTrue(requests.stream().anyMatch(p -> p.equals("/api/v1/namespaces/kotsadm/pods/"
                    + MockCluster.REDIS_POD + "/portforward?ports=6379")), requests.toString());
            assertEquals(3, requests.stream().filter(p -> p.startsWith("/api/v1/namespaces/kotsadm/pods/"
                    + MockCluster.NETBOX_POD + "/exec?")).count(), requests.toString());
            waitUntilNoRelay();

            CommandRun snapshots = cli(env, "snapshots", "--json");
            JsonNode components = new ObjectMapper().readTree(snapshots.out()).get(0).get("components");
            List<String> names = new ArrayList<>();
            components.forEach(c -> names.add(c.asText()));
            assertEquals(List.of("postgres/" + database, "redis/" + MockCluster.REDIS_POD, "files/media",
                    "files/scripts", "files/reports"), names, snapshots.out());

            String targetDb = pg.createDatabase("nbe_restored");
            Path media = work.resolve("restored/media");
            Path scripts = work.resolve("restored/scripts");
            CommandRun restore = cli(env, "restore", "latest", "--postgres", pg.conninfo(targetDb),
                    "--redis", targetRedis.url(), "--dir", "media=" + media, "--dir", "scripts=" + scripts,
                    "--dir", "reports=" + work.resolve("restored/reports"));
            assertEquals(0, restore.code(), restore.err());
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(pg, database), DatabaseSnapshot.capture(pg, targetDb));
            try (Jedis jedis = new Jedis("127.0.0.1", targetRedis.port())) {
                assertEquals(List.of("job-1", "job-2"), jedis.lrange("rq:queue:default", 0, -1));
                jedis.select(1);
                assertEquals(0, jedis.dbSize(), "the cache database is not backed up");
            }
            assertEquals("front image", Files.readString(media.resolve("devicetype-images/front.png")));
            assertEquals("print('sync')\n", Files.readString(scripts.resolve("sync.py")));
            assertTrue(Files.isDirectory(work.resolve("restored/reports")), "the pod has no reports/: an empty one");

            // Restoring into the cluster is refused with one line; discover reads the same file.
            CommandRun intoCluster = cli(env, "restore", "latest", "-c", file.toString());
            assertEquals(2, intoCluster.code(), intoCluster.err());
            assertTrue(intoCluster.err().startsWith("sot-backup: restore into a cluster is not supported yet ("
                    + file + " has a kubernetes: section); restore store by store into port-forwards: --postgres, "
                    + "--redis, --dir without -c"), intoCluster.err());
            CommandRun discover = cli(env, "discover", "-c", file.toString());
            assertEquals(0, discover.code(), discover.err());
            assertEquals("namespace kotsadm (netbox-enterprise, via kubeconfig " + work.resolve("kubeconfig") + ")",
                    discover.out().lines().findFirst().orElseThrow());
        }
    }

    @Test
    void aMissingPrimaryFailsBeforeTheRepositoryIsTouched() throws Exception {
        cluster.label(NBE_NAMESPACE, MockCluster.PRIMARY_POD, "postgres-operator.crunchydata.com/role", "replica");
        cluster.writeKubeconfig(work, null);
        Path file = work.resolve("nbe.yml");
        Files.writeString(file, "profile: netbox-enterprise\nkubernetes:\n  kubeconfig: kubeconfig\n"
                + "  namespace: kotsadm\n");
        Environment env = environment();
        assertEquals(0, cli(env, "init").code());
        CommandRun backup = cli(env, "backup", "-c", file.toString());
        assertEquals(1, backup.code(), backup.err());
        assertEquals("sot-backup: error: no PostgreSQL primary in namespace kotsadm: no pod labelled "
                + "postgres-operator.crunchydata.com/role=master (is the database running, or configured as "
                + "external?)\n", backup.err());
        assertEquals("[]", cli(env, "snapshots", "--json").out().strip());
    }

    @Test
    void aRefusedPortForwardSaysWhyBesideTheDatabaseError() throws Exception {
        cluster.intercept(request -> request.getPath().contains("/portforward?")
                ? MockCluster.status(403, "Forbidden", "pods \"x\" is forbidden: User \"backup\" cannot create "
                + "resource \"pods/portforward\" in API group \"\" in the namespace \"kotsadm\"") : null);
        cluster.writeKubeconfig(work, null);
        Path file = work.resolve("nbe.yml");
        Files.writeString(file, "profile: netbox-enterprise\nkubernetes:\n  kubeconfig: kubeconfig\n"
                + "  namespace: kotsadm\npostgres:\n  databases: [netbox]\n");
        Environment env = environment();
        assertEquals(0, cli(env, "init").code());
        CommandRun backup = cli(env, "backup", "-c", file.toString());
        assertEquals(1, backup.code(), backup.err());
        List<String> errors = backup.err().lines().filter(l -> l.startsWith("sot-backup: error:")).toList();
        assertEquals(1, errors.size(), backup.err());
        assertTrue(errors.get(0).endsWith(" (forbidden: the user of kubeconfig " + work.resolve("kubeconfig")
                + " cannot create pods/portforward for pod " + MockCluster.PRIMARY_POD + " in namespace kotsadm; see "
                + "deploy/kubernetes/rbac.yaml)"), backup.err());
        assertEquals("[]", cli(env, "snapshots", "--json").out().strip());
    }

    @Test
    void discoverFlagsOverrideTheFile() throws Exception {
        Path kubeconfig = cluster.writeKubeconfig(work, null);
        Path file = work.resolve("nbe.yml");
        Files.writeString(file, "profile: netbox-enterprise\nkubernetes:\n  namespace: netbox\n");
        CommandRun discover = cli(Environment.empty(), "discover", "-c", file.toString(), "--kubeconfig",
                kubeconfig.toString(), "-n", "kotsadm", "--json");
        assertEquals(0, discover.code(), discover.err());
        assertEquals("kotsadm", new ObjectMapper().readTree(discover.out()).get("namespace").asText());
        Path plain = work.resolve("plain.yml");
        Files.writeString(plain, "profile: netbox\npostgres:\n  host: db\n");
        CommandRun noSection = cli(Environment.empty(), "discover", "-c", plain.toString());
        assertEquals(2, noSection.code(), noSection.err());
        assertTrue(noSection.err().startsWith("sot-backup: " + plain + " has no kubernetes: section"),
                noSection.err());
    }

    /** Forwarded connections end when the backup closes its forwards (the relay sees its sockets close). */
    private void waitUntilNoRelay() throws InterruptedException {
        for (int i = 0; i < 100 && cluster.openRelays() > 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(0, cluster.openRelays(), "connections through the forwards are closed after the backup");
    }

    private Environment environment() {
        return CommandRun.repositoryEnvironment(work.resolve("repo"), PASSWORD);
    }

    private static CommandRun cli(Environment env, String... args) {
        CommandRun run = CommandRun.of(env, args, PASSWORD, PG_PASSWORD, REDIS_PASSWORD);
        assertFalse(run.err().contains("Exception"), run.toString());
        return run;
    }
}
