package dev.sotbackup.kubernetes;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and what to look for in a cluster.
 *
 * @param namespace    the deployment's namespace, or null: the Embedded Cluster's {@code kotsadm} when its kubeconfig
 *                     is used, the pod's own namespace in a cluster, the kubeconfig context's, else the flavour's
 *                     default ({@code netbox-enterprise}, the KOTS default)
 * @param kubeconfig   a kubeconfig file, or null: {@code KUBECONFIG}, the in-cluster service account, the Embedded
 *                     Cluster's admin kubeconfig, {@code ~/.kube/config}, in that order
 * @param context      the kubeconfig context, or null for its current one
 * @param flavour      how the deployment was installed (which labels to look for)
 * @param release      the PGO cluster name (NetBox Enterprise) or the Helm release name, or null: any in the namespace
 * @param databaseUser the PostgreSQL user whose credentials to use, or null: {@code netbox} for NetBox Enterprise,
 *                     the chart's application user for Helm
 */
public record KubernetesSettings(String namespace, Path kubeconfig, String context, Flavour flavour, String release,
                                 String databaseUser) {

    public KubernetesSettings {
        Objects.requireNonNull(flavour, "flavour");
        namespace = blankToNull(namespace);
        context = blankToNull(context);
        release = blankToNull(release);
        databaseUser = blankToNull(databaseUser);
    }

    /** NetBox Enterprise, everything else found by itself. */
    public static KubernetesSettings defaults() {
        return new KubernetesSettings(null, null, null, Flavour.NETBOX_ENTERPRISE, null, null);
    }

    /**
     * These settings with each non-null argument put over its value: command-line flags over a deployment file's
     * {@code kubernetes:} section.
     */
    public KubernetesSettings overriddenBy(String namespace, Path kubeconfig, String context, Flavour flavour,
                                           String release, String databaseUser) {
        return new KubernetesSettings(namespace != null ? namespace : this.namespace,
                kubeconfig != null ? kubeconfig : this.kubeconfig, context != null ? context : this.context,
                flavour != null ? flavour : this.flavour, release != null ? release : this.release,
                databaseUser != null ? databaseUser : this.databaseUser);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
