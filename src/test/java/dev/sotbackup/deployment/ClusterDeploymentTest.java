package dev.sotbackup.deployment;

import static dev.sotbackup.kubernetes.MockCluster.NBE_NAMESPACE;
import static dev.sotbackup.kubernetes.MockCluster.NETBOX_POD;
import static dev.sotbackup.kubernetes.MockCluster.PGO_CLUSTER;
import static dev.sotbackup.kubernetes.MockCluster.PG_PASSWORD;
import static dev.sotbackup.kubernetes.MockCluster.PRIMARY_POD;
import static dev.sotbackup.kubernetes.MockCluster.REDIS_PASSWORD;
import static dev.sotbackup.kubernetes.MockCluster.REDIS_POD;
import static dev.sotbackup.kubernetes.MockCluster.REPLICA_POD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.files.FilesComponent;
import dev.sotbackup.files.TarImport;
import dev.sotbackup.files.TarSource;
import dev.sotbackup.kubernetes.ClusterAccess;
import dev.sotbackup.kubernetes.KubernetesFailure;
import dev.sotbackup.kubernetes.MockCluster;
import dev.sotbackup.kubernetes.PortForward;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment file's {@code kubernetes:} section reached through fabric8's Kubernetes API mock laid out as NetBox
 * Enterprise lays out its namespace: which databases, logins, forwarded ports and pod directories come out, that the
 * primary is looked up again right before the forward, and that closing closes the forwards. Port-forwards are
 * opened for real (a local listening port); no connection is made through them here — the command test does that.
 */
class ClusterDeploymentTest {

    private static final String ROLE = "postgres-operator.crunchydata.com/role";

    @TempDir
    Path work;

    private MockCluster cluster;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.secret(NBE_NAMESPACE, PGO_CLUSTER + "-pguser-hydra", MockCluster.pguserData("hydra", "hydra-pw-3"));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Deployment configured(String yaml) throws IOException {
        Path file = work.resolve("nbe.yml");
        Files.writeString(file, yaml);
        return DeploymentConfig.load(file, Map.of(), work);
    }

    private ClusterDeployment.Opened open(Deployment configured) {
        ClusterAccess access = cluster.access(configured.kubernetes().settings());
        return ClusterDeployment.open(configured, access, Reporter.lines(progress::add));
    }

    @Test
    void netboxEnterpriseDatabasesRedisAndDirectoriesComeOutOnForwardedPorts() throws Exception {
        Deployment configured = configured("""
                profile: netbox-enterprise
                kubernetes:
                  namespace: kotsadm
                """);
        List<PortForward> forwards;
        try (ClusterDeployment.Opened opened = open(configured)) {
            Deployment deployment = opened.deployment();
            forwards = opened.forwards();
            assertEquals(2, forwards.size());
            PortForward postgres = forwards.get(0);
            PortForward redis = forwards.get(1);
            assertEquals(PRIMARY_POD, postgres.pod());
            assertEquals(5432, postgres.podPort());
            assertEquals(REDIS_POD, redis.pod());
            assertEquals(6379, redis.podPort());

            // Each of NetBox Enterprise's databases with the login of its own PGO user secret.
            assertEquals(List.of("netbox", "diode", "hydra"),
                    deployment.databases().stream().map(Deployment.Database::name).toList());
            List<String> passwords = List.of(PG_PASSWORD, "diode-password-0", "hydra-pw-3");
            for (int i = 0; i < 3; i++) {
                ConnInfo conninfo = deployment.databases().get(i).conninfo();
                String name = deployment.databases().get(i).name();
                assertEquals("127.0.0.1", conninfo.host());
                assertEquals(postgres.port(), conninfo.port());
                assertEquals(name, conninfo.user());
                assertEquals(name, conninfo.dbname());
                assertEquals(passwords.get(i), conninfo.password().orElseThrow());
            }

            Deployment.RedisStores stores = deployment.redis();
            assertEquals("127.0.0.1", stores.tasks().host());
            assertEquals(redis.port(), stores.tasks().port());
            assertEquals(REDIS_PASSWORD, stores.tasks().password());
            assertEquals(0, stores.tasksDb());
            assertEquals(1, stores.cacheDb());
            assertTrue(stores.hasSeparateCache());
            assertEquals(REDIS_POD, stores.name(), "snapshots name it after the pod, not the passing local port");

            assertEquals(List.of("media", "scripts", "reports"), List.copyOf(opened.directories().keySet()));
            assertEquals("pod kotsadm/" + NETBOX_POD + " container netbox: /opt/netbox/netbox/media",
                    opened.directories().get("media").source());
            assertTrue(deployment.directories().isEmpty(), "no local directories");
            assertTrue(deployment.notes().get(0).startsWith("reached through Kubernetes: netbox-enterprise in "
                    + "namespace kotsadm"), deployment.notes().toString());

            String described = String.join("\n", opened.describe());
            assertTrue(described.contains("postgres hydra: hydra@127.0.0.1:" + postgres.port() + "/hydra"), described);
            assertTrue(described.contains("directory scripts: pod kotsadm/" + NETBOX_POD), described);
            for (String secret : passwords) {
                assertFalse(described.contains(secret), described);
            }
            assertFalse(described.contains(REDIS_PASSWORD), described);
            assertTrue(forwards.stream().allMatch(PortForward::isOpen));
            assertTrue(cluster.streamRequests().isEmpty(), "forwards connect to the pod only when used");
        }
        for (PortForward forward : forwards) {
            assertFalse(forward.isOpen());
            // Nothing listens there any more (another process may have taken the port since: then no forwarded
            // connection may reach the API server).
            try (Socket socket = new Socket("127.0.0.1", forward.port())) {
                socket.getOutputStream().write(0);
                Thread.sleep(300);
            } catch (ConnectException expected) {
                // refused: the listener is gone
            }
        }
        assertTrue(cluster.streamRequests().isEmpty(), "no connection was forwarded after close");
    }

    @Test
    void aHelmReleaseHasOneLoginAndTheChartsDatabase() throws Exception {
        cluster.helmNetbox("netbox");
        Deployment configured = configured("""
                profile: netbox
                kubernetes:
                  namespace: netbox
                """);
        assertEquals(dev.sotbackup.kubernetes.Flavour.HELM, configured.kubernetes().settings().flavour());
        try (ClusterDeployment.Opened opened = open(configured)) {
            assertEquals(List.of("netbox-postgresql-0", "netbox-redis-master-0"),
                    opened.forwards().stream().map(PortForward::pod).toList());
            Deployment.Database database = opened.deployment().databases().get(0);
            assertEquals(1, opened.deployment().databases().size());
            assertEquals("netbox", database.name());
            assertEquals("netbox", database.conninfo().user());
            assertEquals(PG_PASSWORD, database.conninfo().password().orElseThrow());
            assertEquals(opened.forwards().get(0).port(), database.conninfo().port());
            assertEquals(REDIS_PASSWORD, opened.deployment().redis().tasks().password());
            assertEquals(List.of("media", "scripts", "reports"), List.copyOf(opened.directories().keySet()));
        }
    }

    @Test
    void theFileChoosesDatabasesRedisRolesAndDirectories() throws Exception {
        Deployment configured = configured("""
                profile: netbox-enterprise
                kubernetes:
                  namespace: kotsadm
                postgres:
                  databases: [netbox]
                redis:
                  tasks_db: 2
                  cache_db: 3
                directories:
                  media: /opt/netbox/netbox/media
                  custom: /srv/extra
                """);
        try (ClusterDeployment.Opened opened = open(configured)) {
            assertEquals(List.of("netbox"), opened.deployment().databases().stream().map(Deployment.Database::name)
                    .toList());
            assertEquals(2, opened.deployment().redis().tasksDb());
            assertEquals(3, opened.deployment().redis().cacheDb());
            assertEquals(List.of("media", "custom"), List.copyOf(opened.directories().keySet()));
            assertEquals("pod kotsadm/" + NETBOX_POD + " container netbox: /srv/extra",
                    opened.directories().get("custom").source());
        }
    }

    @Test
    void storesGivenByFlagsAreKeptAndNotLookedFor() throws Exception {
        Deployment configured = configured("profile: netbox-enterprise\nkubernetes:\n  namespace: kotsadm\n")
                .withDatabases(List.of(new Deployment.Database("netbox",
                        ConnInfo.parse("host=db.local dbname=netbox user=netbox", Map.of(), work))))
                .withDirectories(Map.of("media", work));
        try (ClusterDeployment.Opened opened = open(configured)) {
            assertEquals("db.local", opened.deployment().databases().get(0).conninfo().host());
            assertEquals(1, opened.forwards().size(), "only Redis is forwarded");
            assertEquals(REDIS_POD, opened.forwards().get(0).pod());
            assertEquals(Map.of("media", work), opened.deployment().directories());
            assertEquals(List.of("scripts", "reports"), List.copyOf(opened.directories().keySet()));
        }
    }

    @Test
    void aDefaultDatabaseWithoutItsSecretIsLeftOutWithANote() throws Exception {
        cluster.client().secrets().inNamespace(NBE_NAMESPACE).withName(PGO_CLUSTER + "-pguser-hydra").delete();
        Deployment configured = configured("profile: netbox-enterprise\nkubernetes:\n  namespace: kotsadm\n");
        try (ClusterDeployment.Opened opened = open(configured)) {
            assertEquals(List.of("netbox", "diode"), opened.deployment().databases().stream()
                    .map(Deployment.Database::name).toList());
            assertTrue(opened.deployment().notes().contains("postgres hydra: no PGO user secret for it in the cluster; "
                    + "left out"), opened.deployment().notes().toString());
        }
    }

    @Test
    void aListedDatabaseWithoutItsSecretIsOneLine() throws Exception {
        Deployment configured = configured("""
                profile: netbox-enterprise
                kubernetes:
                  namespace: kotsadm
                postgres:
                  databases: [netbox, orchestrator]
                """);
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> open(configured));
        assertEquals("secret " + PGO_CLUSTER + "-pguser-orchestrator not found in namespace kotsadm (PGO creates "
                + PGO_CLUSTER + "-pguser-orchestrator for user orchestrator of cluster " + PGO_CLUSTER
                + "; is the user right (--db-user)?)", failure.getMessage());
    }

    @Test
    void oneDatabaseUserServesEveryDatabase() throws Exception {
        cluster.secret(NBE_NAMESPACE, PGO_CLUSTER + "-pguser-postgres", MockCluster.pguserData("postgres", "su-pw"));
        Deployment configured = configured("""
                profile: netbox-enterprise
                kubernetes:
                  namespace: kotsadm
                  database_user: postgres
                """);
        try (ClusterDeployment.Opened opened = open(configured)) {
            for (Deployment.Database database : opened.deployment().databases()) {
                assertEquals("postgres", database.conninfo().user());
                assertEquals("su-pw", database.conninfo().password().orElseThrow());
                assertEquals(database.name(), database.conninfo().dbname());
            }
            assertEquals(3, opened.deployment().databases().size());
        }
    }

    @Test
    void noPrimaryIsOneLine() throws Exception {
        cluster.label(NBE_NAMESPACE, PRIMARY_POD, ROLE, "replica");
        Deployment configured = configured("profile: netbox-enterprise\nkubernetes:\n  namespace: kotsadm\n");
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> open(configured));
        assertEquals("no PostgreSQL primary in namespace kotsadm: no pod labelled "
                + "postgres-operator.crunchydata.com/role=master (is the database running, or configured as "
                + "external?)", failure.getMessage());
    }

    @Test
    void thePrimaryIsLookedUpAgainRightBeforeTheForward() throws Exception {
        // The cluster after a failover: the former replica holds the role label. The first lookup (discovery)
        // still sees the old primary, as it would if the failover happened in between.
        cluster.label(NBE_NAMESPACE, PRIMARY_POD, ROLE, "replica");
        cluster.label(NBE_NAMESPACE, REPLICA_POD, ROLE, "master");
        String before = cluster.client().getKubernetesSerialization().asJson(new PodListBuilder()
                .withNewMetadata().endMetadata()
                .withItems(MockCluster.pgoInstance(PRIMARY_POD, "master")).build());
        AtomicBoolean answered = new AtomicBoolean();
        cluster.intercept(request -> request.getPath().startsWith("/api/v1/namespaces/kotsadm/pods?")
                && request.getPath().contains("role%3Dmaster") && answered.compareAndSet(false, true)
                ? new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(before) : null);
        Deployment configured = configured("profile: netbox-enterprise\nkubernetes:\n  namespace: kotsadm\n");
        try (ClusterDeployment.Opened opened = open(configured)) {
            assertTrue(answered.get());
            assertEquals(PRIMARY_POD, opened.found().postgres().pod(), "discovery saw the old primary");
            assertEquals(REPLICA_POD, opened.forwards().get(0).pod(), "the forward goes to the new one");
            assertTrue(progress.contains("postgres: primary pod " + REPLICA_POD + " forwarded to 127.0.0.1:"
                    + opened.forwards().get(0).port()), progress.toString());
        }
    }

    @Test
    void podDirectoriesAreStoredThroughTheTarSourcePath() throws Exception {
        // The NetBox container's file system, under a local directory; exec runs the command sot-backup sends.
        Path podRoot = work.resolve("pod");
        Path netbox = Files.createDirectories(podRoot.resolve("opt/netbox/netbox"));
        Files.createDirectories(netbox.resolve("media/devicetype-images"));
        Files.writeString(netbox.resolve("media/devicetype-images/front.png"), "front image");
        Files.createDirectories(netbox.resolve("scripts"));
        Files.writeString(netbox.resolve("scripts/sync.py"), "print('sync')\n".repeat(3000));
        cluster.runExecLocally(podRoot);
        Deployment configured = configured("profile: netbox-enterprise\nkubernetes:\n  namespace: kotsadm\n");

        Repository repository = Repository.init(new LocalBackend(work.resolve("repo")), "pw".toCharArray(),
                new ScryptParams(1024, 8, 1), new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024));
        List<Component> components = new ArrayList<>();
        try (repository; ClusterDeployment.Opened opened = open(configured)) {
            try (BackupSession session = repository.startBackup("host", 1)) {
                for (Map.Entry<String, TarSource> directory : opened.directories().entrySet()) {
                    components.add(TarImport.backup(session, directory.getKey(), directory.getValue(),
                            Reporter.lines(progress::add)));
                }
                session.commit(Snapshot.of(Instant.now(), "test", List.of(), components));
            }
            FilesComponent.restore(repository, components.get(0), work.resolve("media"), false, Reporter.silent());
            FilesComponent.restore(repository, components.get(1), work.resolve("scripts"), false, Reporter.silent());
            FilesComponent.restore(repository, components.get(2), work.resolve("reports"), false, Reporter.silent());
        }
        assertEquals("front image", Files.readString(work.resolve("media/devicetype-images/front.png")));
        assertEquals("print('sync')\n".repeat(3000), Files.readString(work.resolve("scripts/sync.py")));
        assertTrue(Files.isDirectory(work.resolve("reports")), "a directory the pod lacks is an empty one");
        try (var listing = Files.list(work.resolve("reports"))) {
            assertEquals(0, listing.count());
        }
        // One exec per directory, in the netbox container of the NetBox pod.
        List<String> execs = cluster.streamRequests();
        assertEquals(3, execs.size(), execs.toString());
        assertTrue(execs.stream().allMatch(p -> p.startsWith("/api/v1/namespaces/kotsadm/pods/" + NETBOX_POD
                + "/exec?") && p.contains("container=netbox")), execs.toString());
    }

    @Test
    void tarWarningsReachProgressAndTarFailuresAreOneLine() throws Exception {
        Path base = Files.createDirectories(work.resolve("src/media"));
        Files.writeString(base.resolve("a.txt"), "a");
        Process tar = new ProcessBuilder("tar", "cf", "-", "media").directory(work.resolve("src").toFile()).start();
        byte[] archive = tar.getInputStream().readAllBytes();
        assertEquals(0, tar.waitFor());
        cluster.answerExec(archive, "tar: media: file changed as we read it\n", 0);
        Deployment configured = configured("""
                profile: netbox-enterprise
                kubernetes:
                  namespace: kotsadm
                directories:
                  media: /opt/netbox/netbox/media
                """);
        Repository repository = Repository.init(new LocalBackend(work.resolve("repo")), "pw".toCharArray(),
                new ScryptParams(1024, 8, 1), new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024));
        try (repository; ClusterDeployment.Opened opened = open(configured);
             BackupSession session = repository.startBackup("host", 1)) {
            TarSource media = opened.directories().get("media");
            TarImport.backup(session, "media", media, Reporter.lines(progress::add));
            assertTrue(progress.contains("warning: /opt/netbox/netbox/media in pod " + NETBOX_POD
                    + ": tar: media: file changed as we read it"), progress.toString());

            cluster.answerExec(new byte[0], "tar: media: Cannot open: Permission denied\n", 2);
            KubernetesFailure failure = assertThrows(KubernetesFailure.class,
                    () -> TarImport.backup(session, "media", media, Reporter.lines(progress::add)));
            assertEquals("tar of media in /opt/netbox/netbox of pod " + NETBOX_POD + " container netbox failed "
                    + "(exit 2): tar: media: Cannot open: Permission denied", failure.getMessage());
        }
    }

    @Test
    void withoutAReadyNetboxPodListedDirectoriesAreOneLine() throws Exception {
        cluster.client().pods().inNamespace(NBE_NAMESPACE).withName(NETBOX_POD).delete();
        Deployment configured = configured("""
                profile: netbox-enterprise
                kubernetes:
                  namespace: kotsadm
                directories:
                  media: /opt/netbox/netbox/media
                """);
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> open(configured));
        assertTrue(failure.getMessage().startsWith("directories media are read from the application pod, and none "
                + "is ready in namespace kotsadm (no application pod labelled"), failure.getMessage());
    }
}
