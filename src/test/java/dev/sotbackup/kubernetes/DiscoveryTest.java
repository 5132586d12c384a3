package dev.sotbackup.kubernetes;

import static dev.sotbackup.kubernetes.MockCluster.NBE_NAMESPACE;
import static dev.sotbackup.kubernetes.MockCluster.PGO_CLUSTER;
import static dev.sotbackup.kubernetes.MockCluster.PGUSER_SECRET;
import static dev.sotbackup.kubernetes.MockCluster.PG_PASSWORD;
import static dev.sotbackup.kubernetes.MockCluster.PRIMARY_POD;
import static dev.sotbackup.kubernetes.MockCluster.REDIS_PASSWORD;
import static dev.sotbackup.kubernetes.MockCluster.REPLICA_POD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.redis.RedisTarget;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery against fabric8's API mock in CRUD mode, with pods, labels and secrets as NetBox Enterprise (PGO,
 * Bitnami Redis) and the Helm charts (Bitnami PostgreSQL and Redis) lay them out: what is found, how a failover is
 * followed, and the one-line failures (wrong namespace, no primary, missing secret, RBAC refusals).
 */
class DiscoveryTest {

    private MockCluster cluster;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Discovery discovery(KubernetesSettings settings) {
        return new Discovery(cluster.access(settings));
    }

    private static KubernetesSettings nbe() {
        return KubernetesSettings.defaults().overriddenBy(NBE_NAMESPACE, null, null, null, null, null);
    }

    @Test
    void netboxEnterpriseStoresAreFoundByTheirLabels() {
        cluster.netboxEnterprise(NBE_NAMESPACE);

        DiscoveredDeployment found = discovery(nbe()).discover();

        assertEquals(NBE_NAMESPACE, found.namespace());
        assertEquals(new PostgresPrimary(PRIMARY_POD, "database", 5432, PGO_CLUSTER), found.postgres());
        assertEquals(List.of(REPLICA_POD), found.replicas());
        PgCredentials login = found.credentials();
        assertEquals("netbox", login.user());
        assertEquals("netbox", login.database());
        assertEquals(PG_PASSWORD, login.password());
        assertEquals(new SecretRef(PGUSER_SECRET, "password"), login.source());

        RedisMaster redis = found.redis();
        assertEquals(MockCluster.REDIS_POD, redis.pod());
        assertEquals("redis", redis.container());
        assertEquals(6379, redis.port());
        assertEquals(new SecretRef(MockCluster.REDIS_SECRET, "redis-password"), redis.passwordSource());
        assertEquals(REDIS_PASSWORD, redis.password());

        FileSource files = found.files();
        assertEquals(List.of(MockCluster.NETBOX_POD), files.pods(), "the worker pod is not a NetBox web pod");
        assertEquals("netbox", files.container());
        assertEquals("/opt/netbox/netbox", files.baseDirectory());
        assertEquals(List.of("media", "scripts", "reports"), files.directories());
        assertNull(found.bucket());
        assertEquals(List.of(), found.notes());

        // Printing the result, or any part of it, shows where secrets come from and never what they are.
        String printed = found + " " + login + " " + redis;
        assertFalse(printed.contains(PG_PASSWORD), printed);
        assertFalse(printed.contains(REDIS_PASSWORD), printed);
        assertTrue(printed.contains(PGUSER_SECRET), printed);
    }

    @Test
    void credentialsBecomeAConnectionToTheLocalEndOfAPortForward() throws Exception {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        DiscoveredDeployment found = discovery(nbe()).discover();

        ConnInfo conn = found.credentials().conninfo("127.0.0.1", 40123);
        assertEquals("127.0.0.1", conn.host());
        assertEquals(40123, conn.port());
        assertEquals("netbox", conn.user());
        assertEquals("netbox", conn.dbname());
        assertEquals(Optional.of(PG_PASSWORD), conn.password());
        assertFalse(conn.toString().contains(PG_PASSWORD), conn.toString());

        RedisTarget redis = found.redis().target("127.0.0.1", 40124);
        assertEquals("127.0.0.1:40124", redis.address());
        assertEquals(REDIS_PASSWORD, redis.password());
        assertFalse(redis.toString().contains(REDIS_PASSWORD));
    }

    @Test
    void otherUsersCredentialsComeFromTheirOwnPguserSecret() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        Discovery discovery = discovery(nbe());
        PgCredentials diode = discovery.credentials(discovery.primary(), "diode");
        assertEquals("diode", diode.user());
        assertEquals("diode", diode.database());
        assertEquals(PGO_CLUSTER + "-pguser-diode", diode.source().name());
    }

    @Test
    void failoverMovesThePrimaryToTheFormerReplica() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        Discovery discovery = discovery(nbe());
        PostgresPrimary before = discovery.primary();
        assertEquals(PRIMARY_POD, before.pod());
        assertEquals(Optional.empty(), discovery.primaryIfChanged(before));

        // Patroni promotes the replica; PGO relabels both pods.
        cluster.label(NBE_NAMESPACE, PRIMARY_POD, Discovery.PGO_ROLE, "replica");
        cluster.label(NBE_NAMESPACE, REPLICA_POD, Discovery.PGO_ROLE, "master");

        PostgresPrimary after = discovery.primary();
        assertEquals(REPLICA_POD, after.pod());
        assertEquals(Optional.of(after), discovery.primaryIfChanged(before));
        assertEquals(Optional.empty(), discovery.primaryIfChanged(after));
        DiscoveredDeployment found = discovery.discover();
        assertEquals(REPLICA_POD, found.postgres().pod());
        assertEquals(List.of(PRIMARY_POD), found.replicas());
    }

    @Test
    void patroni4PrimaryRoleNameIsAcceptedToo() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.label(NBE_NAMESPACE, PRIMARY_POD, Discovery.PGO_ROLE, "primary");
        assertEquals(PRIMARY_POD, discovery(nbe()).primary().pod());
    }

    @Test
    void aPrimaryThatIsNotRunningIsSaidSo() {
        cluster.namespace(NBE_NAMESPACE);
        Pod pending = new PodBuilder(MockCluster.pgoInstance(PRIMARY_POD, "master")).editStatus()
                .withPhase("Pending").withConditions().endStatus().build();
        cluster.create(NBE_NAMESPACE, pending);
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> discovery(nbe()).discover());
        assertEquals("PostgreSQL primary pod " + PRIMARY_POD + " in namespace kotsadm is not running (phase Pending)",
                failure.getMessage());
    }

    @Test
    void wrongNamespaceIsOneLineNamingTheUsualOnes() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        KubernetesFailure failure = assertThrows(KubernetesFailure.class,
                () -> discovery(nbe().overriddenBy("netbox", null, null, null, null, null)).discover());
        assertEquals("namespace netbox not found (NetBox Enterprise uses netbox-enterprise on KOTS and kotsadm on the "
                + "Embedded Cluster; give --namespace)", failure.getMessage());
    }

    @Test
    void anEmptyNamespaceIsSaidToBeEmpty() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.namespace("netbox-enterprise");
        KubernetesFailure failure = assertThrows(KubernetesFailure.class,
                () -> discovery(KubernetesSettings.defaults()).discover());
        assertTrue(failure.getMessage().startsWith("namespace netbox-enterprise has no pods (NetBox Enterprise uses"),
                failure.getMessage());
    }

    @Test
    void noPrimaryLabelIsOneLine() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.label(NBE_NAMESPACE, PRIMARY_POD, Discovery.PGO_ROLE, "replica");
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> discovery(nbe()).discover());
        assertEquals("no PostgreSQL primary in namespace kotsadm: no pod labelled "
                + "postgres-operator.crunchydata.com/role=master (is the database running, or configured as "
                + "external?)", failure.getMessage());
    }

    @Test
    void aReleaseThatDoesNotMatchTheClusterLabelFindsNoPrimary() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        KubernetesFailure failure = assertThrows(KubernetesFailure.class,
                () -> discovery(nbe().overriddenBy(null, null, null, null, "other-cluster", null)).primary());
        assertTrue(failure.getMessage().startsWith("no PostgreSQL primary in namespace kotsadm"), failure.getMessage());
    }

    @Test
    void missingPguserSecretIsOneLine() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.client().secrets().inNamespace(NBE_NAMESPACE).withName(PGUSER_SECRET).delete();
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> discovery(nbe()).discover());
        assertEquals("secret " + PGUSER_SECRET + " not found in namespace kotsadm (PGO creates " + PGUSER_SECRET
                + " for user netbox of cluster " + PGO_CLUSTER + "; is the user right (--db-user)?)",
                failure.getMessage());
    }

    @Test
    void aSecretWithoutPasswordKeyIsOneLine() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.client().secrets().inNamespace(NBE_NAMESPACE).withName(PGUSER_SECRET).delete();
        cluster.secret(NBE_NAMESPACE, PGUSER_SECRET, Map.of("user", "netbox"));
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> discovery(nbe()).discover());
        assertEquals("secret " + PGUSER_SECRET + " has no key password", failure.getMessage());
    }

    @Test
    void forbiddenPodListPointsAtTheRbacManifest() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.intercept(request -> request.getPath().startsWith("/api/v1/namespaces/kotsadm/pods?")
                ? MockCluster.status(403, "Forbidden", "pods is forbidden: User \"system:serviceaccount:kotsadm:"
                + "sot-backup\" cannot list resource \"pods\" in API group \"\" in the namespace \"kotsadm\"")
                : null);
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> discovery(nbe()).discover());
        assertEquals("forbidden: user system:serviceaccount:kotsadm:sot-backup cannot list pods in namespace kotsadm; "
                + "see deploy/kubernetes/rbac.yaml", failure.getMessage());
    }

    @Test
    void forbiddenWithoutAUserNameNamesTheAccess() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.intercept(request -> request.getPath().startsWith("/api/v1/namespaces/kotsadm/secrets/")
                ? MockCluster.status(403, "Forbidden", "access denied") : null);
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> discovery(nbe()).discover());
        assertEquals("forbidden: the user of mock server cannot get secret " + PGUSER_SECRET
                + " in namespace kotsadm; see deploy/kubernetes/rbac.yaml", failure.getMessage());
    }

    @Test
    void forbiddenNamespaceReadIsToleratedAndServicesAreOptional() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.intercept(request -> request.getPath().equals("/api/v1/namespaces/netbox-enterprise")
                || request.getPath().startsWith("/api/v1/namespaces/kotsadm/services")
                ? MockCluster.status(403, "Forbidden", "no") : null);
        // The namespace cannot be read (a Role cannot grant that): its pods list empty, so that is what is said.
        cluster.namespace("netbox-enterprise");
        KubernetesFailure failure = assertThrows(KubernetesFailure.class,
                () -> discovery(KubernetesSettings.defaults()).discover());
        assertTrue(failure.getMessage().startsWith("namespace netbox-enterprise has no pods"), failure.getMessage());
        // Services cannot be listed: everything else is found, the bucket is a note.
        DiscoveredDeployment found = discovery(nbe()).discover();
        assertNull(found.bucket());
        assertEquals(1, found.notes().size(), found.notes().toString());
        assertTrue(found.notes().get(0).startsWith("bucket: not looked for (forbidden:"), found.notes().get(0));
    }

    @Test
    void anUnreachableApiServerIsOneLine() {
        ClusterAccess access;
        try (MockCluster gone = new MockCluster()) {
            access = ClusterAccess.of(new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                    .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(gone.client().getConfiguration())
                            .withRequestRetryBackoffLimit(0).build()).build(), nbe(), "mock server");
        }
        try (access) {
            KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> new Discovery(access).primary());
            assertEquals("cannot reach the Kubernetes API at " + access.server() + " (mock server): connection refused",
                    failure.getMessage());
            assertFalse(failure.getMessage().contains("\n"));
        }
    }

    @Test
    void notesSayWhatIsMissingWithoutFailing() {
        cluster.namespace(NBE_NAMESPACE);
        cluster.create(NBE_NAMESPACE, MockCluster.pgoInstance(PRIMARY_POD, "master"));
        cluster.secret(NBE_NAMESPACE, PGUSER_SECRET, MockCluster.pguserData("netbox", PG_PASSWORD));
        cluster.create(NBE_NAMESPACE, MockCluster.appPod(MockCluster.NETBOX_POD,
                Map.of(Discovery.COMPONENT, "netbox"), "netbox", false));

        DiscoveredDeployment found = discovery(nbe()).discover();
        assertNull(found.redis());
        assertNull(found.files());
        assertEquals(List.of(), found.replicas());
        assertEquals(List.of(
                "redis: no running pod labelled app.kubernetes.io/name=redis,app.kubernetes.io/component=master "
                        + "(external Redis, or NetBox Enterprise in restore mode?)",
                "files: 1 NetBox pod(s) labelled app.kubernetes.io/component=netbox but none ready with container "
                        + "netbox"), found.notes());
    }

    @Test
    void redisUnderSentinelIsFoundByItsMasterLabelOrNoted() {
        cluster.namespace(NBE_NAMESPACE);
        cluster.create(NBE_NAMESPACE, MockCluster.pgoInstance(PRIMARY_POD, "master"));
        cluster.secret(NBE_NAMESPACE, PGUSER_SECRET, MockCluster.pguserData("netbox", PG_PASSWORD));
        cluster.secret(NBE_NAMESPACE, "netbox-enterprise-redis", Map.of("redis-password", REDIS_PASSWORD));
        cluster.create(NBE_NAMESPACE, MockCluster.redisPod("netbox-enterprise-redis-node-0", "node",
                "netbox-enterprise-redis"));
        cluster.create(NBE_NAMESPACE, MockCluster.redisPod("netbox-enterprise-redis-node-1", "node",
                "netbox-enterprise-redis"));

        DiscoveredDeployment found = discovery(nbe()).discover();
        assertNull(found.redis());
        assertTrue(found.notes().get(0).startsWith("redis: runs under Sentinel (2 node pods)"), found.notes().get(0));

        cluster.label(NBE_NAMESPACE, "netbox-enterprise-redis-node-1", "isMaster", "true");
        assertEquals("netbox-enterprise-redis-node-1", discovery(nbe()).discover().redis().pod());
    }

    @Test
    void anInNamespaceS3StoreIsReportedWithItsInClusterUrl() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        cluster.service(NBE_NAMESPACE, "netbox-enterprise-garage", Map.of(Discovery.NAME, "garage"), "s3-api", 3900);
        cluster.service(NBE_NAMESPACE, "netbox-enterprise", Map.of(Discovery.NAME, "netbox"), "http", 80);
        BucketEndpoint bucket = discovery(nbe()).discover().bucket();
        assertEquals(new BucketEndpoint("netbox-enterprise-garage", "garage",
                "http://netbox-enterprise-garage.kotsadm.svc:3900"), bucket);
    }

    // ---- Helm -----------------------------------------------------------------------------------------------

    @Test
    void helmNetboxWithBitnamiPostgresqlAndRedis() {
        cluster.helmNetbox("netbox");
        // A PGO-labelled pod in the same namespace must not be mistaken for the Helm primary.
        cluster.create("netbox", MockCluster.pgoInstance(PRIMARY_POD, "master"));

        KubernetesSettings helm = new KubernetesSettings("netbox", null, null, Flavour.HELM, null, null);
        DiscoveredDeployment found = discovery(helm).discover();
        assertEquals(new PostgresPrimary("netbox-postgresql-0", "postgresql", 5432, "netbox"), found.postgres());
        assertEquals(List.of("netbox-postgresql-read-0"), found.replicas());
        assertEquals("netbox", found.credentials().user());
        assertEquals("netbox", found.credentials().database());
        assertEquals(PG_PASSWORD, found.credentials().password());
        assertEquals(new SecretRef("netbox-postgresql", "password"), found.credentials().source());
        assertEquals("netbox-redis-master-0", found.redis().pod());
        assertEquals(REDIS_PASSWORD, found.redis().password());
        assertEquals("/opt/netbox/netbox", found.files().baseDirectory());

        // The superuser instead: its own key of the same secret.
        PgCredentials postgres = discovery(helm.overriddenBy(null, null, null, null, null, "postgres")).discover().credentials();
        assertEquals("superuser-password-1", postgres.password());
        assertEquals(new SecretRef("netbox-postgresql", "postgres-password"), postgres.source());
        assertEquals("postgres", postgres.user());
        assertEquals("netbox", postgres.database(), "the superuser backs up the application's database");
    }

    @Test
    void helmNautobotWithPasswordFilesAndNoRedisPassword() {
        cluster.namespace("nautobot");
        Pod postgres = new PodBuilder().withNewMetadata().withName("nautobot-postgresql-0")
                .withLabels(Map.of(Discovery.NAME, "postgresql", Discovery.COMPONENT, "primary",
                        Discovery.INSTANCE, "nautobot"))
                .endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("postgresql")
                        .addNewEnv().withName("POSTGRES_USER").withValue("nautobot").endEnv()
                        .addNewEnv().withName("POSTGRES_PASSWORD_FILE")
                        .withValue("/opt/bitnami/postgresql/secrets/password").endEnv()
                        .addNewEnv().withName("POSTGRES_DATABASE").withValue("nautobot").endEnv()
                        .addNewVolumeMount().withName("postgresql-password")
                        .withMountPath("/opt/bitnami/postgresql/secrets/").endVolumeMount().build())
                .addNewVolume().withName("postgresql-password").withNewSecret().withSecretName("nautobot-postgresql")
                .endSecret().endVolume()
                .endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build();
        cluster.create("nautobot", postgres);
        cluster.secret("nautobot", "nautobot-postgresql", Map.of("password", PG_PASSWORD));
        cluster.create("nautobot", new PodBuilder(MockCluster.redisPod("nautobot-redis-master-0", "master", "x"))
                .editMetadata().addToLabels(Discovery.INSTANCE, "nautobot").endMetadata()
                .editSpec().editFirstContainer().withEnv().endContainer().endSpec().build());
        cluster.create("nautobot", MockCluster.appPod("nautobot-default-7c9d-xyz12",
                Map.of(Discovery.NAME, "nautobot", Discovery.COMPONENT, "nautobot-default",
                        Discovery.INSTANCE, "nautobot"), "nautobot", true));

        KubernetesSettings helm = new KubernetesSettings("nautobot", null, null, Flavour.HELM, "nautobot", null);
        DiscoveredDeployment found = discovery(helm).discover();
        assertEquals(new SecretRef("nautobot-postgresql", "password"), found.credentials().source());
        assertEquals(PG_PASSWORD, found.credentials().password());
        assertEquals("nautobot", found.credentials().database());
        assertNull(found.redis().password());
        assertNull(found.redis().passwordSource());
        assertEquals(new FileSource(List.of("nautobot-default-7c9d-xyz12"), "nautobot", "/opt/nautobot",
                List.of("media", "jobs")), found.files());
    }

    @Test
    void helmWithoutChartPostgresqlSaysSo() {
        cluster.netboxEnterprise(NBE_NAMESPACE);
        KubernetesSettings helm = new KubernetesSettings(NBE_NAMESPACE, null, null, Flavour.HELM, "netbox", null);
        KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> discovery(helm).discover());
        assertEquals("no PostgreSQL primary in namespace kotsadm: no pod labelled app.kubernetes.io/name=postgresql,"
                + "app.kubernetes.io/component=primary,app.kubernetes.io/instance=netbox (is PostgreSQL from the "
                + "chart, or external? --flavour netbox-enterprise for PGO)", failure.getMessage());
    }
}
