package dev.sotbackup.kubernetes;

import dev.sotbackup.input.UserFiles;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API client for one namespace, built from the first of: {@code --kubeconfig}, {@code KUBECONFIG}, the
 * in-cluster service account, the Embedded Cluster's admin kubeconfig, {@code ~/.kube/config}. Also turns the
 * client's exceptions into one-line {@link KubernetesFailure}s that say what was refused and where to fix it.
 */
public final class ClusterAccess implements AutoCloseable {

    /**
     * The admin kubeconfig of a NetBox Enterprise Embedded Cluster (k0s data directory under
     * /var/lib/embedded-cluster): {@code netbox-enterprise shell} exports exactly this as KUBECONFIG. Readable by root.
     */
    public static final Path EMBEDDED_CLUSTER_KUBECONFIG = Path.of("/var/lib/embedded-cluster/k0s/pki/admin.conf");
    /** Where every pod finds its service account's token, CA certificate and namespace. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    /** The Embedded Cluster installs NetBox Enterprise into this namespace (KOTS installs use netbox-enterprise). */
    public static final String EMBEDDED_CLUSTER_NAMESPACE = "kotsadm";
    /** Where a refused request points the user to. */
    public static final String RBAC_MANIFEST = "deploy/kubernetes/rbac.yaml";

    /** One kind of request sot-backup makes: a resource (or subresource) of the core API group and a verb. */
    public record Permission(String resource, String verb) {
        @Override
        public String toString() {
            return verb + " " + resource;
        }
    }

    /**
     * Every request sot-backup makes, and so exactly what {@value #RBAC_MANIFEST} grants (a test holds them equal).
     * exec and port-forward go over WebSockets, which begin as a GET: API servers before 1.35 authorise them with
     * "get", 1.35 and later also with "create", so both are needed. Reading a namespace (to tell "no such namespace"
     * from "nothing in it") is cluster-scoped and optional: a refusal is tolerated.
     */
    public static final Set<Permission> REQUIRED_PERMISSIONS = Set.of(
            new Permission("pods", "get"), new Permission("pods", "list"),
            new Permission("pods/exec", "get"), new Permission("pods/exec", "create"),
            new Permission("pods/portforward", "get"), new Permission("pods/portforward", "create"),
            new Permission("secrets", "get"),
            new Permission("services", "list"));

    /** Where the defaults live; tests point these elsewhere. */
    record Locations(Path serviceAccount, Path embeddedClusterKubeconfig) {
        static final Locations DEFAULT = new Locations(SERVICE_ACCOUNT, EMBEDDED_CLUSTER_KUBECONFIG);
    }

    private static final Pattern FORBIDDEN_USER = Pattern.compile("User \"([^\"]+)\"");

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final String namespace;
    private final String source;
    private final boolean inCluster;

    private ClusterAccess(KubernetesClient client, KubernetesSettings settings, String namespace, String source,
                          boolean inCluster) {
        this.client = client;
        this.settings = settings;
        this.namespace = namespace;
        this.source = source;
        this.inCluster = inCluster;
    }

    /**
     * Connects as the first available source says ({@code environment} supplies KUBECONFIG, HOME and
     * KUBERNETES_SERVICE_HOST/PORT). Nothing is requested from the server yet.
     *
     * @throws KubernetesFailure when no source is available or the kubeconfig cannot be used
     */
    public static ClusterAccess open(KubernetesSettings settings, Map<String, String> environment) {
        return open(settings, environment, Locations.DEFAULT);
    }

    static ClusterAccess open(KubernetesSettings settings, Map<String, String> environment, Locations where) {
        Objects.requireNonNull(settings, "settings");
        if (settings.kubeconfig() != null) {
            return fromKubeconfig(settings, settings.kubeconfig(), "kubeconfig " + settings.kubeconfig(), false);
        }
        String variable = environment.get("KUBECONFIG");
        if (variable != null && !variable.isBlank()) {
            // kubectl merges a list; the first file is the one that matters for the usual single-entry value.
            Path first = Path.of(variable.split(File.pathSeparator)[0]);
            return fromKubeconfig(settings, first, "kubeconfig " + first + " (KUBECONFIG)", false);
        }
        String serviceHost = environment.get("KUBERNETES_SERVICE_HOST");
        if (serviceHost != null && Files.isReadable(where.serviceAccount().resolve("token"))) {
            return inCluster(settings, serviceHost, environment.getOrDefault("KUBERNETES_SERVICE_PORT", "443"),
                    where.serviceAccount());
        }
        if (Files.isReadable(where.embeddedClusterKubeconfig())) {
            return fromKubeconfig(settings, where.embeddedClusterKubeconfig(),
                    "Embedded Cluster kubeconfig " + where.embeddedClusterKubeconfig(), true);
        }
        String home = environment.get("HOME");
        if (home != null && Files.isReadable(Path.of(home, ".kube", "config"))) {
            Path config = Path.of(home, ".kube", "config");
            return fromKubeconfig(settings, config, "kubeconfig " + config, false);
        }
        String embeddedHint = Files.exists(where.embeddedClusterKubeconfig())
                ? " (" + where.embeddedClusterKubeconfig() + " exists but is not readable: run as root)" : "";
        throw new KubernetesFailure("no Kubernetes access: not running in a cluster, no --kubeconfig, no KUBECONFIG, "
                + "no ~/.kube/config and no Embedded Cluster kubeconfig" + embeddedHint);
    }

    /** An access around a client built elsewhere (tests, or a caller with its own configuration). */
    public static ClusterAccess of(KubernetesClient client, KubernetesSettings settings, String source) {
        String namespace = settings.namespace() != null ? settings.namespace() : settings.flavour().defaultNamespace();
        return new ClusterAccess(client, settings, namespace, source, false);
    }

    private static ClusterAccess fromKubeconfig(KubernetesSettings settings, Path file, String source,
                                                boolean embeddedCluster) {
        if (!Files.exists(file)) {
            throw new KubernetesFailure("kubeconfig not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new KubernetesFailure("kubeconfig " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new KubernetesFailure("kubeconfig not readable: " + file + " (permission denied)");
        }
        // The client reads the whole file into memory: a wrong path to something huge must be one line, not an OOM.
        if (sizeOf(file) > UserFiles.CONFIG.bytes()) {
            throw new KubernetesFailure("kubeconfig " + file + " is larger than " + UserFiles.CONFIG.describe()
                    + "; is it the right file?");
        }
        Config config;
        try {
            if (settings.context() != null) {
                List<String> names = new ArrayList<>();
                for (NamedContext named : Config.fromKubeconfig(null, file.toFile()).getContexts()) {
                    names.add(named.getName());
                }
                names.sort(null);
                if (!names.contains(settings.context())) {
                    throw new KubernetesFailure("context \"" + settings.context() + "\" not in " + file
                            + (names.isEmpty() ? "" : " (it has " + String.join(", ", names) + ")"));
                }
            }
            config = Config.fromKubeconfig(settings.context(), file.toFile());
        } catch (KubernetesFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KubernetesFailure("cannot use kubeconfig " + file + ": " + oneLine(e), e);
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new KubernetesFailure("kubeconfig " + file + " names no server for context "
                    + (settings.context() != null ? "\"" + settings.context() + "\"" : "(current)"));
        }
        String namespace = settings.namespace() != null ? settings.namespace()
                : embeddedCluster ? EMBEDDED_CLUSTER_NAMESPACE
                : contextNamespace(config) != null ? contextNamespace(config)
                : settings.flavour().defaultNamespace();
        if (settings.context() != null) {
            source = source + " context " + settings.context();
        }
        return new ClusterAccess(build(config), settings, namespace, source, false);
    }

    private static ClusterAccess inCluster(KubernetesSettings settings, String host, String port, Path account) {
        Config config = Config.empty();
        config.setMasterUrl("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        if (Files.isReadable(account.resolve("ca.crt"))) {
            config.setCaCertFile(account.resolve("ca.crt").toString());
        }
        // Projected tokens rotate; reading the file for every request always sends the current one.
        config.setOauthTokenProvider(() -> readString(account.resolve("token")));
        String namespace = settings.namespace();
        if (namespace == null) {
            Path own = account.resolve("namespace");
            namespace = Files.isReadable(own) ? readString(own) : settings.flavour().defaultNamespace();
        }
        return new ClusterAccess(build(config), settings, namespace, "in-cluster service account", true);
    }

    /** The namespace the kubeconfig's context sets explicitly, else null. */
    private static String contextNamespace(Config config) {
        NamedContext current = config.getCurrentContext();
        if (current == null || current.getContext() == null) {
            return null;
        }
        String namespace = current.getContext().getNamespace();
        return namespace == null || namespace.isBlank() ? null : namespace;
    }

    private static KubernetesClient build(Config config) {
        // A refused or unreachable server should fail in seconds with one line, not after ten backed-off retries.
        config.setRequestRetryBackoffLimit(1);
        config.setRequestRetryBackoffInterval(500);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new KubernetesFailure("kubeconfig not readable: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public KubernetesSettings settings() {
        return settings;
    }

    /** The namespace every lookup happens in. */
    public String namespace() {
        return namespace;
    }

    /** How the cluster was reached, e.g. "kubeconfig /root/.kube/config", for messages. */
    public String source() {
        return source;
    }

    /** The API server's URL. */
    public String server() {
        return client.getConfiguration().getMasterUrl();
    }

    /**
     * The one-line failure for a refused or failed request.
     *
     * @param verb     what was attempted, as RBAC names it ("list", "get", "create")
     * @param resource what it was attempted on, e.g. "pods" or "secret netbox-pguser-netbox"
     */
    public KubernetesFailure failure(KubernetesClientException e, String verb, String resource) {
        int code = e.getCode();
        if (code == 403) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : String.valueOf(e.getMessage());
            Matcher user = FORBIDDEN_USER.matcher(message);
            String who = user.find() ? "user " + user.group(1)
                    : inCluster ? "the service account" : "the user of " + source;
            return new KubernetesFailure("forbidden: " + who + " cannot " + verb + " " + resource + " in namespace "
                    + namespace + "; see " + RBAC_MANIFEST, e);
        }
        if (code == 401) {
            return new KubernetesFailure("unauthorized: the API server at " + server() + " refused the credentials of "
                    + source, e);
        }
        if (code <= 0) {
            String reason = transportProblem(e);
            if (reason != null) {
                return new KubernetesFailure("cannot reach the Kubernetes API at " + server() + " (" + source + "): "
                        + reason, e);
            }
        }
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : oneLine(e);
        return new KubernetesFailure("Kubernetes API: cannot " + verb + " " + resource + " in namespace " + namespace
                + (code > 0 ? " (HTTP " + code + ")" : "") + ": " + detail, e);
    }

    /** What kept a request from reaching the server (refused, unknown host, timeout, TLS), or null if it did. */
    private static String transportProblem(Throwable e) {
        String reason = null;
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            if (cause instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return "TLS: " + oneLine(cause);
            }
            if (cause instanceof IOException && reason == null && cause.getMessage() != null) {
                reason = oneLine(cause);
            }
        }
        return reason;
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "ClusterAccess[" + server() + ", namespace " + namespace + ", " + source + "]";
    }
}
