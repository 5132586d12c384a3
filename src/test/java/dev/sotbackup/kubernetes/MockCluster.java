package dev.sotbackup.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.Function;

/**
 * fabric8's Kubernetes API mock in CRUD mode (objects created through the client are listed, filtered by label,
 * edited and deleted as a real API server would), with a hook in front of it that can answer some requests itself
 * (403s, exec and port-forward WebSockets). Plus builders for pods and secrets laid out as NetBox Enterprise and
 * the Helm charts lay them out.
 */
public final class MockCluster implements AutoCloseable {

    public static final String NBE_NAMESPACE = "kotsadm";
    public static final String PGO_CLUSTER = "netbox-enterprise-postgres-cluster";
    public static final String PRIMARY_POD = PGO_CLUSTER + "-instance1-59f8-0";
    public static final String REPLICA_POD = PGO_CLUSTER + "-instance1-x7kq-0";
    public static final String PGUSER_SECRET = PGO_CLUSTER + "-pguser-netbox";
    public static final String REDIS_POD = "netbox-enterprise-redis-no-persistence-master-0";
    public static final String REDIS_SECRET = "netbox-enterprise-redis-no-persistence";
    public static final String NETBOX_POD = "netbox-enterprise-c769578d5-f9kl7";
    /** Values that must never appear in any output. */
    public static final String PG_PASSWORD = "pg-S3cret-Value-7731";
    public static final String REDIS_PASSWORD = "redis-S3cret-Value-4410";

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    /** Consulted first; null answers fall through to the CRUD dispatcher. */
    private volatile Function<RecordedRequest, MockResponse> interceptor = request -> null;

    public MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse answer = interceptor.apply(request);
                return answer != null ? answer : crud.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init();
        client = server.createClient();
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /** The API server's URL, for kubeconfig files. */
    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    public void intercept(Function<RecordedRequest, MockResponse> handler) {
        this.interceptor = handler;
    }

    ClusterAccess access(KubernetesSettings settings) {
        return ClusterAccess.of(client, settings, "mock server");
    }

    /** A kubeconfig whose current context points at this server (namespace set when not null). */
    public Path writeKubeconfig(Path directory, String namespace) throws IOException {
        String text = "apiVersion: v1\nkind: Config\n"
                + "clusters:\n- name: mock\n  cluster:\n    server: " + url() + "\n"
                + "users:\n- name: tester\n  user:\n    token: not-a-secret-token\n"
                + "contexts:\n- name: mock\n  context:\n    cluster: mock\n    user: tester\n"
                + (namespace != null ? "    namespace: " + namespace + "\n" : "")
                + "- name: other\n  context:\n    cluster: mock\n    user: tester\n"
                + "current-context: mock\n";
        Path file = directory.resolve("kubeconfig");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    // ---- NetBox Enterprise's layout -----------------------------------------------------------------------

    /** The KOTS / Embedded Cluster namespace: PGO primary and replica, Redis master and replica, NetBox, worker. */
    public void netboxEnterprise(String namespace) {
        namespace(namespace);
        create(namespace, pgoInstance(PRIMARY_POD, "master"));
        create(namespace, pgoInstance(REPLICA_POD, "replica"));
        secret(namespace, PGUSER_SECRET, pguserData("netbox", PG_PASSWORD));
        secret(namespace, PGO_CLUSTER + "-pguser-diode", pguserData("diode", "diode-password-0"));
        secret(namespace, REDIS_SECRET, Map.of("redis-password", REDIS_PASSWORD));
        create(namespace, redisPod(REDIS_POD, "master", REDIS_SECRET));
        create(namespace, redisPod("netbox-enterprise-redis-no-persistence-replicas-0", "replica", REDIS_SECRET));
        create(namespace, appPod(NETBOX_POD, Map.of(Discovery.COMPONENT, "netbox",
                Discovery.INSTANCE, "netbox-enterprise"), "netbox", true));
        create(namespace, appPod("netbox-enterprise-worker-589cf884c4-z57pg", Map.of(Discovery.COMPONENT, "worker",
                Discovery.INSTANCE, "netbox-enterprise"), "netbox-worker", true));
        create(namespace, appPod("pgo-88dccd7c9-w766g", Map.of("postgres-operator.crunchydata.com/control-plane",
                "pgo"), "operator", true));
    }

    /** What PGO writes into {@code <cluster>-pguser-<user>}. */
    static Map<String, String> pguserData(String user, String password) {
        String host = PGO_CLUSTER + "-primary." + NBE_NAMESPACE + ".svc";
        Map<String, String> data = new LinkedHashMap<>();
        data.put("dbname", user);
        data.put("host", host);
        data.put("jdbc-uri", "jdbc:postgresql://" + host + ":5432/" + user + "?password=" + password + "&user=" + user);
        data.put("password", password);
        data.put("port", "5432");
        data.put("uri", "postgresql://" + user + ":" + password + "@" + host + ":5432/" + user);
        data.put("user", user);
        data.put("verifier", "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy");
        return data;
    }

    static Pod pgoInstance(String name, String role) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Discovery.PGO_CLUSTER, PGO_CLUSTER);
        labels.put("postgres-operator.crunchydata.com/instance-set", "instance1");
        labels.put("postgres-operator.crunchydata.com/instance", name.substring(0, name.length() - 2));
        labels.put("postgres-operator.crunchydata.com/data", "postgres");
        labels.put(Discovery.PGO_ROLE, role);
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec()
                .addToContainers(new ContainerBuilder().withName("database").addNewPort().withName("postgres")
                        .withContainerPort(5432).endPort().build())
                .addToContainers(new ContainerBuilder().withName("replication-cert-copy").build())
                .endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus()
                .build();
    }

    static Pod redisPod(String name, String component, String secret) {
        return new PodBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of(Discovery.NAME, "redis", Discovery.COMPONENT, component,
                        Discovery.INSTANCE, "netbox-enterprise"))
                .endMetadata()
                .withNewSpec()
                .addToContainers(new ContainerBuilder().withName("redis")
                        .withEnv(secretEnv("REDIS_PASSWORD", secret, "redis-password"))
                        .addNewPort().withName("redis").withContainerPort(6379).endPort().build())
                .addToContainers(new ContainerBuilder().withName("metrics").build())
                .endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus()
                .build();
    }

    static Pod appPod(String name, Map<String, String> labels, String container, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName(container).build()).endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build();
    }

    static EnvVar secretEnv(String variable, String secret, String key) {
        return new EnvVarBuilder().withName(variable).withNewValueFrom().withNewSecretKeyRef().withName(secret)
                .withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    // ---- API helpers ----------------------------------------------------------------------------------------

    void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    void create(String namespace, Pod pod) {
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    void secret(String namespace, String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
                .endMetadata().withType("Opaque").withData(data).build()).create();
    }

    void service(String namespace, String name, Map<String, String> labels, String portName, int port) {
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().withNewSpec().addNewPort().withName(portName).withPort(port)
                .endPort().endSpec().build()).create();
    }

    /** Sets (or with null removes) one label of a pod, as the operator does on failover. */
    void label(String namespace, String pod, String key, String value) {
        client.pods().inNamespace(namespace).withName(pod).edit(p -> {
            Map<String, String> labels = new LinkedHashMap<>(p.getMetadata().getLabels());
            if (value == null) {
                labels.remove(key);
            } else {
                labels.put(key, value);
            }
            p.getMetadata().setLabels(labels);
            return p;
        });
    }

    /** A Kubernetes Status body, as the API server sends with an error code. */
    public static MockResponse status(int code, String reason, String message) {
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"" + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":"
                + code + "}";
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
