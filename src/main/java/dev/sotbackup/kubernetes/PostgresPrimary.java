package dev.sotbackup.kubernetes;

import java.util.Objects;

/**
 * The pod PostgreSQL accepts writes in, as the labels said when it was looked up.
 *
 * @param pod       pod name
 * @param container the PostgreSQL container ({@code database} under PGO, {@code postgresql} in Bitnami's chart)
 * @param port      the server's port inside the pod
 * @param cluster   the PGO cluster or Helm release the pod belongs to, or null when its labels name none
 */
public record PostgresPrimary(String pod, String container, int port, String cluster) {

    public PostgresPrimary {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(container, "container");
    }
}
