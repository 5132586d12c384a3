package dev.sotbackup.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which cluster access is chosen (--kubeconfig, KUBECONFIG, in-cluster, Embedded Cluster, ~/.kube/config), which
 * namespace follows from it, and that a kubeconfig-built client really talks to the (mock) API server.
 */
class ClusterAccessTest {

    @TempDir
    Path work;

    private MockCluster cluster;
    private ClusterAccess.Locations nowhere;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        nowhere = new ClusterAccess.Locations(work.resolve("no-service-account"), work.resolve("no-admin.conf"));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Path kubeconfig(String directory, String namespace) throws IOException {
        return cluster.writeKubeconfig(Files.createDirectories(work.resolve(directory)), namespace);
    }

    @Test
    void explicitKubeconfigWinsAndReachesTheServerInItsContextNamespace() throws IOException {
        cluster.netboxEnterprise("nbe");
        Path file = kubeconfig("explicit", "nbe");
        Map<String, String> env = Map.of("KUBECONFIG", work.resolve("elsewhere").toString(), "HOME",
                work.toString());
        try (ClusterAccess access = ClusterAccess.open(KubernetesSettings.defaults().overriddenBy(null, file, null, null, null, null), env,
                nowhere)) {
            assertEquals("nbe", access.namespace());
            assertEquals("kubeconfig " + file, access.source());
            assertEquals(cluster.url(), access.server());
            assertEquals(MockCluster.PRIMARY_POD, new Discovery(access).primary().pod());
        }
    }

    @Test
    void kubeconfigVariableComesBeforeTheEmbeddedClusterAndHome() throws IOException {
        Path variable = kubeconfig("variable", null);
        Path embedded = kubeconfig("embedded", null);
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve(".kube"));
        Files.copy(variable, home.resolve(".kube/config"));
        ClusterAccess.Locations withEmbedded = new ClusterAccess.Locations(nowhere.serviceAccount(), embedded);

        Map<String, String> env = new HashMap<>(Map.of("KUBECONFIG", variable + ":" + work.resolve("second"),
                "HOME", home.toString()));
        try (ClusterAccess access = ClusterAccess.open(KubernetesSettings.defaults(), env, withEmbedded)) {
            assertEquals("kubeconfig " + variable + " (KUBECONFIG)", access.source());
            assertEquals("netbox-enterprise", access.namespace(), "no namespace in the context: the KOTS default");
        }
        env.remove("KUBECONFIG");
        try (ClusterAccess access = ClusterAccess.open(KubernetesSettings.defaults(), env, withEmbedded)) {
            assertEquals("Embedded Cluster kubeconfig " + embedded, access.source());
            assertEquals("kotsadm", access.namespace(), "the Embedded Cluster installs into kotsadm");
        }
        try (ClusterAccess access = ClusterAccess.open(KubernetesSettings.defaults().overriddenBy("mine", null, null, null, null, null), env,
                withEmbedded)) {
            assertEquals("mine", access.namespace(), "a given namespace always wins");
        }
        try (ClusterAccess access = ClusterAccess.open(KubernetesSettings.defaults(), env, nowhere)) {
            assertEquals("kubeconfig " + home.resolve(".kube/config"), access.source());
        }
        try (ClusterAccess access = ClusterAccess.open(new KubernetesSettings(null, null, null, Flavour.HELM, null,
                null), env, nowhere)) {
            assertEquals("default", access.namespace(), "Helm installs have no usual namespace");
        }
    }

    @Test
    void inClusterUsesTheServiceAccountAndItsNamespace() throws IOException {
        Path account = Files.createDirectories(work.resolve("serviceaccount"));
        Files.writeString(account.resolve("token"), "token-value\n");
        Files.writeString(account.resolve("namespace"), "kotsadm\n");
        ClusterAccess.Locations inPod = new ClusterAccess.Locations(account, work.resolve("no-admin.conf"));
        Map<String, String> env = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443",
                "HOME", work.toString());
        try (ClusterAccess access = ClusterAccess.open(KubernetesSettings.defaults(), env, inPod)) {
            assertEquals("in-cluster service account", access.source());
            assertEquals("kotsadm", access.namespace());
            assertEquals("https://10.96.0.1:443/", access.server());
        }
    }

    @Test
    void noAccessAtAllIsOneLine() {
        KubernetesFailure failure = assertThrows(KubernetesFailure.class,
                () -> ClusterAccess.open(KubernetesSettings.defaults(), Map.of("HOME", work.toString()), nowhere));
        assertEquals("no Kubernetes access: not running in a cluster, no --kubeconfig, no KUBECONFIG, no "
                + "~/.kube/config and no Embedded Cluster kubeconfig", failure.getMessage());
    }

    @Test
    void aKubeconfigThatIsADeviceOrHugeIsOneLineNotAnOutOfMemoryError() throws IOException {
        Path device = Path.of("/dev/zero");
        assertEquals("kubeconfig /dev/zero is not a regular file", assertThrows(KubernetesFailure.class,
                () -> ClusterAccess.open(KubernetesSettings.defaults().overriddenBy(null, device, null, null, null,
                        null), Map.of(), nowhere)).getMessage());

        Path huge = work.resolve("huge.conf");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(huge,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), (5L << 20)); // sparse: 5 MiB on paper
        }
        assertEquals("kubeconfig " + huge + " is larger than 4 MiB; is it the right file?",
                assertThrows(KubernetesFailure.class, () -> ClusterAccess.open(KubernetesSettings.defaults()
                        .overriddenBy(null, huge, null, null, null, null), Map.of(), nowhere)).getMessage());
    }

    @Test
    void kubeconfigProblemsAreOneLine() throws IOException {
        Path missing = work.resolve("missing.conf");
        assertEquals("kubeconfig not found: " + missing, assertThrows(KubernetesFailure.class,
                () -> ClusterAccess.open(KubernetesSettings.defaults().overriddenBy(null, missing, null, null, null, null), Map.of(), nowhere))
                .getMessage());

        Path file = kubeconfig("contexts", null);
        KubernetesSettings unknownContext = new KubernetesSettings(null, file, "prod", Flavour.NETBOX_ENTERPRISE,
                null, null);
        assertEquals("context \"prod\" not in " + file + " (it has mock, other)", assertThrows(KubernetesFailure.class,
                () -> ClusterAccess.open(unknownContext, Map.of(), nowhere)).getMessage());

        KubernetesSettings other = new KubernetesSettings(null, file, "other", Flavour.NETBOX_ENTERPRISE, null, null);
        try (ClusterAccess access = ClusterAccess.open(other, Map.of(), nowhere)) {
            assertEquals("kubeconfig " + file + " context other", access.source());
        }
    }

    @Test
    void requiredPermissionsCoverEveryRequestKind() {
        // exec and port-forward need both verbs (WebSocket upgrade is a GET; 1.35+ also checks create).
        for (String sub : List.of("pods/exec", "pods/portforward")) {
            assertTrue(ClusterAccess.REQUIRED_PERMISSIONS.contains(new ClusterAccess.Permission(sub, "get")), sub);
            assertTrue(ClusterAccess.REQUIRED_PERMISSIONS.contains(new ClusterAccess.Permission(sub, "create")), sub);
        }
    }
}
