package dev.sotbackup.kubernetes;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a deployment was installed into Kubernetes, which decides the labels its stores carry.
 *
 * <ul>
 *   <li>{@link #NETBOX_ENTERPRISE}: NetBox Enterprise (KOTS or Embedded Cluster). PostgreSQL runs under the
 *       CrunchyData Postgres Operator (PGO): the primary carries {@code postgres-operator.crunchydata.com/role=master},
 *       credentials are in the operator's {@code <cluster>-pguser-<user>} secret. Redis is Bitnami's chart.</li>
 *   <li>{@link #HELM}: NetBox or Nautobot from their community Helm charts, with Bitnami's PostgreSQL and Redis
 *       sub-charts ({@code app.kubernetes.io/name=postgresql}, {@code app.kubernetes.io/component=primary}).</li>
 * </ul>
 */
public enum Flavour {
    NETBOX_ENTERPRISE("netbox-enterprise", "netbox-enterprise"),
    HELM("helm", "default");

    private final String option;
    private final String defaultNamespace;

    Flavour(String option, String defaultNamespace) {
        this.option = option;
        this.defaultNamespace = defaultNamespace;
    }

    /** The name on the command line and in configuration files. */
    public String option() {
        return option;
    }

    /** The namespace looked in when none is given and the cluster access names none. */
    public String defaultNamespace() {
        return defaultNamespace;
    }

    /** "netbox-enterprise" or "helm" (case-insensitive; "nbe" too). */
    public static Flavour parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("nbe")) {
            return NETBOX_ENTERPRISE;
        }
        for (Flavour flavour : values()) {
            if (flavour.option.equals(wanted)) {
                return flavour;
            }
        }
        throw new IllegalArgumentException("unknown flavour \"" + text + "\" (expected "
                + Arrays.stream(values()).map(Flavour::option).collect(Collectors.joining(" or ")) + ")");
    }
}
