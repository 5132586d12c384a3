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
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
    /** Answers exec requests when set ({@link #answerExec}, {@link #runExecLocally}). */
    private volatile Function<RecordedRequest, MockResponse> exec;
    /** Answers port-forward requests when set ({@link #forwardPortsTo}). */
    private volatile Function<RecordedRequest, MockResponse> portForward;
    /** Every exec and port-forward request's path, in order. */
    private final List<String> streamRequests = new CopyOnWriteArrayList<>();
    /** Relayed connections still open (port-forward emulation). */
    private final Set<Socket> relayed = ConcurrentHashMap.newKeySet();

    public MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse answer = interceptor.apply(request);
                if (answer != null) {
                    return answer;
                }
                String path = request.getPath();
                Function<RecordedRequest, MockResponse> streams = path.contains("/exec?") ? exec
                        : path.contains("/portforward?") ? portForward : null;
                if (streams != null) {
                    streamRequests.add(path);
                    return streams.apply(request);
                }
                return crud.dispatch(request);
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

    public ClusterAccess access(KubernetesSettings settings) {
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

    // ---- the NetBox Helm chart's layout ----------------------------------------------------------------------

    /**
     * Release "netbox" of the NetBox chart in {@code namespace}: Bitnami PostgreSQL primary and read replica (secret
     * netbox-postgresql: password {@link #PG_PASSWORD}, postgres-password superuser-password-1), Bitnami Redis master
     * (secret netbox-redis), one ready NetBox pod.
     */
    public void helmNetbox(String namespace) {
        namespace(namespace);
        create(namespace, bitnamiPostgres("netbox-postgresql-0", "primary"));
        create(namespace, bitnamiPostgres("netbox-postgresql-read-0", "read"));
        secret(namespace, "netbox-postgresql", Map.of("password", PG_PASSWORD, "postgres-password",
                "superuser-password-1"));
        secret(namespace, "netbox-redis", Map.of("redis-password", REDIS_PASSWORD));
        create(namespace, redisPod("netbox-redis-master-0", "master", "netbox-redis"));
        create(namespace, appPod("netbox-6d9f8b7c5-abcde",
                Map.of(Discovery.NAME, "netbox", Discovery.COMPONENT, "netbox", Discovery.INSTANCE, "netbox"),
                "netbox", true));
    }

    /** Bitnami's PostgreSQL sub-chart of release "netbox": env from the secret netbox-postgresql. */
    static Pod bitnamiPostgres(String name, String component) {
        return new PodBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of(Discovery.NAME, "postgresql", Discovery.COMPONENT, component,
                        Discovery.INSTANCE, "netbox"))
                .endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("postgresql")
                        .addNewEnv().withName("POSTGRES_USER").withValue("netbox").endEnv()
                        .addToEnv(secretEnv("POSTGRES_PASSWORD", "netbox-postgresql", "password"))
                        .addToEnv(secretEnv("POSTGRES_POSTGRES_PASSWORD", "netbox-postgresql",
                                "postgres-password"))
                        .addNewEnv().withName("POSTGRES_DATABASE").withValue("netbox").endEnv()
                        .addNewPort().withName("tcp-postgresql").withContainerPort(5432).endPort().build())
                .endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build();
    }

    /** What PGO writes into {@code <cluster>-pguser-<user>}. */
    public static Map<String, String> pguserData(String user, String password) {
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

    public static Pod pgoInstance(String name, String role) {
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

    public void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    public void create(String namespace, Pod pod) {
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    public void secret(String namespace, String name, Map<String, String> values) {
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
    public void label(String namespace, String pod, String key, String value) {
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

    // ---- exec and port-forward, as a kubelet would answer them -----------------------------------------------

    /** The paths of the exec and port-forward requests answered so far, in order. */
    public List<String> streamRequests() {
        return List.copyOf(streamRequests);
    }

    /** Answers every exec with {@code stdout}, then {@code stderr}, then the exit status, whatever the command. */
    public void answerExec(byte[] stdout, String stderr, int exitCode) {
        exec = request -> new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket, Response response) {
                sendChunks(socket, stdout, stdout.length);
                if (!stderr.isEmpty()) {
                    socket.send(frame(2, stderr.getBytes(StandardCharsets.UTF_8)));
                }
                finishExec(socket, exitCode);
            }
        });
    }

    /**
     * Runs each exec's command on this machine as the container would, with the pod's file system at
     * {@code podRoot}: an absolute path among the arguments after the script (sot-backup's tar passes the base
     * directory there) is taken under {@code podRoot}. stdout streams out as it comes, then stderr and the status.
     */
    public void runExecLocally(Path podRoot) {
        exec = request -> {
            List<String> command = new ArrayList<>();
            String path = request.getPath();
            for (String parameter : path.substring(path.indexOf('?') + 1).split("&")) {
                String decoded = URLDecoder.decode(parameter, StandardCharsets.UTF_8);
                if (decoded.startsWith("command=")) {
                    command.add(decoded.substring("command=".length()));
                }
            }
            for (int i = 3; i < command.size(); i++) {
                if (command.get(i).startsWith("/")) {
                    command.set(i, podRoot + command.get(i));
                }
            }
            return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                @Override
                public void onOpen(WebSocket socket, Response response) {
                    Thread.ofVirtual().start(() -> run(socket, command));
                }
            });
        };
    }

    private static void run(WebSocket socket, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            byte[] buffer = new byte[16 * 1024];
            InputStream stdout = process.getInputStream();
            for (int n; (n = stdout.read(buffer)) > 0; ) {
                socket.send(frame(1, Arrays.copyOf(buffer, n)));
            }
            byte[] said = stderr.join();
            if (said.length > 0) {
                socket.send(frame(2, said));
            }
            finishExec(socket, process.waitFor());
        } catch (IOException | InterruptedException e) {
            socket.send(frame(2, String.valueOf(e).getBytes(StandardCharsets.UTF_8)));
            finishExec(socket, 126);
        }
    }

    private static void sendChunks(WebSocket socket, byte[] bytes, int length) {
        for (int at = 0; at < length; at += 16 * 1024) {
            socket.send(frame(1, Arrays.copyOfRange(bytes, at, Math.min(length, at + 16 * 1024))));
        }
    }

    /** The status channel (3) as the API server sends it, then the close. */
    private static void finishExec(WebSocket socket, int exitCode) {
        String status = exitCode == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
                : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero "
                + "exit code\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":"
                + "\"ExitCode\",\"message\":\"" + exitCode + "\"}]}}";
        socket.send(frame(3, status.getBytes(StandardCharsets.UTF_8)));
        socket.close(1000, "");
    }

    /** One frame of the Kubernetes channel protocol: the channel's number, then the payload. */
    public static byte[] frame(int channel, byte[] payload) {
        byte[] frame = new byte[payload.length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }

    /**
     * Carries each port-forward to a server on this machine, as the kubelet carries it into the pod: pod port →
     * local port (e.g. 5432 → an embedded PostgreSQL's port). Each forwarded connection is one WebSocket: the data
     * channel (0) relays bytes both ways; the server closing its end closes the WebSocket, and the other way round.
     */
    public void forwardPortsTo(Map<Integer, Integer> localPorts) {
        portForward = request -> {
            String path = request.getPath();
            int podPort = Integer.parseInt(path.substring(path.indexOf("ports=") + "ports=".length()).split("&")[0]);
            Integer localPort = localPorts.get(podPort);
            if (localPort == null) {
                return status(500, "InternalError", "nothing listens on port " + podPort + " in this pod");
            }
            return new MockResponse().withWebSocketUpgrade(new Relay(podPort, localPort));
        };
    }

    /** How many relayed connections are open right now. */
    public int openRelays() {
        return relayed.size();
    }

    private final class Relay extends WebSocketListener {
        private final int podPort;
        private final int localPort;
        private volatile Socket socket;

        Relay(int podPort, int localPort) {
            this.podPort = podPort;
            this.localPort = localPort;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            byte[] port = {(byte) (podPort & 0xff), (byte) (podPort >> 8)};
            try {
                socket = new Socket(InetAddress.getLoopbackAddress(), localPort);
            } catch (IOException e) {
                webSocket.send(frame(0, port));
                webSocket.send(frame(1, port));
                webSocket.send(frame(1, ("connection refused: " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
                webSocket.close(1000, "");
                return;
            }
            relayed.add(socket);
            // The port, little-endian, opens the data channel (0) and the error channel (1).
            webSocket.send(frame(0, port));
            webSocket.send(frame(1, port));
            Socket connected = socket;
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = connected.getInputStream()) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        webSocket.send(frame(0, Arrays.copyOf(buffer, n)));
                    }
                } catch (IOException e) {
                    // The client's side went away first.
                } finally {
                    closeSocket();
                    webSocket.close(1000, "");
                }
            });
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            Socket connected = socket;
            if (connected == null || bytes.length < 2 || bytes[0] != 0) {
                return;
            }
            try {
                connected.getOutputStream().write(bytes, 1, bytes.length - 1);
            } catch (IOException e) {
                closeSocket();
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            closeSocket();
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            closeSocket();
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
            closeSocket();
        }

        private void closeSocket() {
            Socket connected = socket;
            if (connected != null) {
                relayed.remove(connected);
                try {
                    connected.close();
                } catch (IOException e) {
                    // Closing anyway.
                }
            }
        }
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
        for (Socket socket : relayed) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
        client.close();
        server.destroy();
    }
}
