package dev.sotbackup.kubernetes;

import dev.sotbackup.redis.RedisTarget;
import java.util.Objects;

/**
 * The Redis pod that takes writes. {@link #toString()} never shows the password.
 *
 * @param pod            pod name
 * @param container      the Redis container
 * @param port           the server's port inside the pod
 * @param passwordSource where the password was read from, or null when the server has none
 * @param password       the password, or null
 */
public record RedisMaster(String pod, String container, int port, SecretRef passwordSource, String password) {

    public RedisMaster {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(container, "container");
    }

    /** The server through a local end of a port-forward (all databases). */
    public RedisTarget target(String host, int localPort) {
        return new RedisTarget(host, localPort, null, password, -1, false);
    }

    @Override
    public String toString() {
        return "RedisMaster[pod=" + pod + ", container=" + container + ", port=" + port + ", password="
                + (passwordSource != null ? "from " + passwordSource : password != null ? "from the pod spec" : "none")
                + "]";
    }
}
