package dev.sotbackup.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A pod's port reachable on this machine: fabric8 listens on an ephemeral loopback port and carries each
 * connection to the pod over the API server (the {@code pods/portforward} subresource), as
 * {@code kubectl port-forward} does. No kubectl, no route into the cluster network needed.
 */
public final class PortForward implements AutoCloseable {

    private final ClusterAccess cluster;
    private final LocalPortForward forward;
    private final String pod;
    private final int podPort;
    /** Read while listening: fabric8 cannot tell them once the forward is closed. */
    private final String host;
    private final int port;

    private PortForward(ClusterAccess cluster, LocalPortForward forward, String pod, int podPort) {
        this.cluster = cluster;
        this.forward = forward;
        this.pod = pod;
        this.podPort = podPort;
        this.host = forward.getLocalAddress().getHostAddress();
        this.port = forward.getLocalPort();
    }

    /**
     * Starts listening on 127.0.0.1 at a free port. Connections are opened to the pod lazily, one per accepted
     * socket; a refusal (RBAC, pod gone) surfaces when the first connection is made.
     */
    public static PortForward open(ClusterAccess cluster, String pod, int podPort) {
        try {
            LocalPortForward forward = cluster.client().pods().inNamespace(cluster.namespace()).withName(pod)
                    .portForward(podPort, InetAddress.getLoopbackAddress(), 0);
            return new PortForward(cluster, forward, pod, podPort);
        } catch (KubernetesClientException e) {
            throw cluster.failure(e, "create", "pods/portforward for pod " + pod);
        }
    }

    /** The PostgreSQL primary's server port. */
    public static PortForward toPostgres(ClusterAccess cluster, PostgresPrimary primary) {
        return open(cluster, primary.pod(), primary.port());
    }

    /** The Redis master's server port. */
    public static PortForward toRedis(ClusterAccess cluster, RedisMaster master) {
        return open(cluster, master.pod(), master.port());
    }

    /** The local host to connect to: the loopback address, as a literal. */
    public String host() {
        return host;
    }

    /** The local port to connect to. */
    public int port() {
        return port;
    }

    public String pod() {
        return pod;
    }

    public int podPort() {
        return podPort;
    }

    /** True while the local port accepts connections (until {@link #close()}). */
    public boolean isOpen() {
        return forward.isAlive();
    }

    /** True if a forwarded connection failed (the reasons: {@link #errors()}). */
    public boolean failed() {
        return forward.errorOccurred();
    }

    /**
     * What went wrong on forwarded connections so far, client and server side, each distinct reason once, e.g. a
     * refused upgrade as the API server's refusals are told ("forbidden: … cannot create pods/portforward …").
     */
    public String errors() {
        Set<String> reasons = new LinkedHashSet<>();
        for (Throwable error : forward.getClientThrowables()) {
            reasons.add(describe(error));
        }
        for (Throwable error : forward.getServerThrowables()) {
            reasons.add(describe(error));
        }
        return String.join("; ", reasons);
    }

    private String describe(Throwable error) {
        String resource = "pods/portforward for pod " + pod;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebSocketHandshakeException handshake && handshake.getResponse() != null) {
                int code = handshake.getResponse().code();
                return cluster.failure(new KubernetesClientException("HTTP " + code, code, null), "create", resource)
                        .getMessage();
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        return "port-forward to pod " + pod + ":" + podPort + ": " + ClusterAccess.oneLine(error);
    }

    @Override
    public void close() {
        try {
            forward.close();
        } catch (IOException e) {
            // Closing a listening socket that is going away anyway: nothing to act on.
        }
    }

    @Override
    public String toString() {
        return host() + ":" + port() + " -> pod " + pod + ":" + podPort;
    }
}
