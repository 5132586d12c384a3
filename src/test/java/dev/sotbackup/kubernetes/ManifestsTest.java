package dev.sotbackup.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped manifests parse as the Kubernetes objects they claim to be, and the Role grants exactly what the
 * code requests ({@link ClusterAccess#REQUIRED_PERMISSIONS}): a new kind of request without a rule, or a rule left
 * behind, fails here rather than in someone's cluster at 2 a.m.
 */
class ManifestsTest {

    private static final Path DEPLOY = Path.of(System.getProperty("basedir", "."), "deploy", "kubernetes");

    private static KubernetesClient parser;

    @BeforeAll
    static void parser() {
        // Only parses: no server is contacted.
        parser = new KubernetesClientBuilder().withConfig(Config.empty()).build();
    }

    @AfterAll
    static void close() {
        parser.close();
    }

    private static List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(DEPLOY.resolve(file))) {
            return parser.load(in).items();
        }
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertEquals(1, found.size(), kind.getSimpleName() + " objects: " + found);
        return found.get(0);
    }

    @Test
    void roleGrantsExactlyWhatTheCodeRequests() throws IOException {
        List<HasMetadata> rbac = load("rbac.yaml");
        assertEquals(3, rbac.size(), "ServiceAccount, Role, RoleBinding");
        Role role = only(rbac, Role.class);

        Set<ClusterAccess.Permission> granted = new HashSet<>();
        List<ClusterAccess.Permission> listed = new ArrayList<>();
        for (PolicyRule rule : role.getRules()) {
            assertEquals(List.of(""), rule.getApiGroups(), "core API group only: " + rule);
            for (String resource : rule.getResources()) {
                for (String verb : rule.getVerbs()) {
                    assertFalse(resource.contains("*") || verb.contains("*"), "no wildcards: " + rule);
                    listed.add(new ClusterAccess.Permission(resource, verb));
                    granted.add(new ClusterAccess.Permission(resource, verb));
                }
            }
        }
        assertEquals(ClusterAccess.REQUIRED_PERMISSIONS, granted);
        assertEquals(granted.size(), listed.size(), "no permission granted twice: " + listed);

        // Secrets: only by name, and the names are the layout the discovery tests use.
        PolicyRule secrets = role.getRules().stream().filter(r -> r.getResources().contains("secrets")).findFirst()
                .orElseThrow();
        assertEquals(List.of("secrets"), secrets.getResources(), "resourceNames would also limit other resources");
        assertTrue(secrets.getResourceNames().contains(MockCluster.PGUSER_SECRET), secrets.getResourceNames()
                .toString());
        assertTrue(secrets.getResourceNames().contains(MockCluster.REDIS_SECRET), secrets.getResourceNames()
                .toString());
        role.getRules().stream().filter(r -> r != secrets).forEach(r -> assertTrue(
                r.getResourceNames() == null || r.getResourceNames().isEmpty(), r.toString()));
    }

    @Test
    void bindingTiesTheRoleToTheServiceAccountInTheNamespaceItIsAppliedTo() throws IOException {
        List<HasMetadata> rbac = load("rbac.yaml");
        ServiceAccount account = only(rbac, ServiceAccount.class);
        Role role = only(rbac, Role.class);
        RoleBinding binding = only(rbac, RoleBinding.class);
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(1, binding.getSubjects().size());
        assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind());
        assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
        for (HasMetadata object : rbac) {
            assertNull(object.getMetadata().getNamespace(), "applied with -n: " + object.getMetadata().getName());
        }
    }

    @Test
    void cronJobRunsABackupAsTheServiceAccountWithSecretsFromASecret() throws IOException {
        String account = only(load("rbac.yaml"), ServiceAccount.class).getMetadata().getName();
        List<HasMetadata> objects = load("cronjob.yaml");
        CronJob job = only(objects, CronJob.class);
        ConfigMap config = only(objects, ConfigMap.class);

        assertEquals("Forbid", job.getSpec().getConcurrencyPolicy());
        PodSpec pod = job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertEquals(account, pod.getServiceAccountName());
        assertEquals("Never", pod.getRestartPolicy());
        Container container = pod.getContainers().get(0);
        assertEquals("backup", container.getArgs().get(0));
        int configAt = container.getArgs().indexOf("-c");
        assertTrue(configAt > 0, container.getArgs().toString());
        String configPath = container.getArgs().get(configAt + 1);

        // The repository, its password and the bucket's keys come from a Secret, never from the manifest.
        for (String variable : List.of("SOT_BACKUP_REPO", "SOT_BACKUP_PASSWORD", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY")) {
            EnvVar env = container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                    .orElseThrow(() -> new AssertionError(variable + " missing"));
            assertNull(env.getValue(), variable);
            assertNotNull(env.getValueFrom().getSecretKeyRef(), variable);
        }

        // The -c file is the ConfigMap's key, mounted where the argument says.
        Volume volume = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow();
        assertEquals(config.getMetadata().getName(), volume.getConfigMap().getName());
        String mountPath = container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                .findFirst().orElseThrow().getMountPath();
        String key = Path.of(configPath).getFileName().toString();
        assertEquals(Path.of(mountPath, key).toString(), configPath);
        assertTrue(config.getData().containsKey(key), config.getData().keySet().toString());
        assertTrue(config.getData().get(key).contains("profile: netbox-enterprise"), config.getData().get(key));
    }
}
