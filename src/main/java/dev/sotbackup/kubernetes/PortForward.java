package dev.sotbackup.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Collection;

/**
 * A pod's port reachable on this machine: fabric8 listens on an ephemeral loopback port and carries each
 * connection to the pod over the API server (the {@code pods/portforward} subresource), as
 * {@code kubectl port-forward} does. No kubectl, no route into the cluster network needed.
 */
public final class PortForward implements AutoCloseable {

    private final LocalPortForward forward;
    private final String pod;
    private final int podPort;

    private PortForward(LocalPortForward forward, String pod, int podPort) {
        this.forward = forward;
        this.pod = pod;
        this.podPort = podPort;
    }

    /**
     * Starts listening on 127.0.0.1 at a free port. Connections are opened to the pod lazily, one per accepted
     * socket; a refusal (RBAC, pod gone) surfaces when the first connection is made.
     */
    public static PortForward open(ClusterAccess cluster, String pod, int podPort) {
        try {
            LocalPortForward forward = cluster.client().pods().inNamespace(cluster.namespace()).withName(pod)
                    .portForward(podPort, InetAddress.getLoopbackAddress(), 0);
            return new PortForward(forward, pod, podPort);
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
        return forward.getLocalAddress().getHostAddress();
    }

    /** The local port to connect to. */
    public int port() {
        return forward.getLocalPort();
    }

    public String pod() {
        return pod;
    }

    public int podPort() {
        return podPort;
    }

    /** True if a forwarded connection failed (the reasons: {@link #errors()}). */
    public boolean failed() {
        return forward.errorOccurred();
    }

    /** What went wrong on forwarded connections so far, client and server side. */
    public String errors() {
        StringBuilder text = new StringBuilder();
        append(text, forward.getClientThrowables());
        append(text, forward.getServerThrowables());
        return text.toString();
    }

    private static void append(StringBuilder text, Collection<Throwable> errors) {
        for (Throwable error : errors) {
            text.append(text.isEmpty() ? "" : "; ").append(ClusterAccess.oneLine(error));
        }
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
