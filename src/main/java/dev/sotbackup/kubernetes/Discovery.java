package dev.sotbackup.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a deployment's stores in its namespace by the labels its installer gives them: the PostgreSQL primary and
 * its credentials, the Redis master, the application pods that hold media/scripts/reports, an in-namespace S3 store.
 * Reads only (pods, one secret per password, services). Every lookup asks the API server again, so
 * {@link #primary()} follows a failover.
 */
public final class Discovery {

    // PGO (CrunchyData Postgres Operator) labels its instance pods; Patroni moves "role" on failover.
    static final String PGO_ROLE = "postgres-operator.crunchydata.com/role";
    static final String PGO_CLUSTER = "postgres-operator.crunchydata.com/cluster";
    /** Patroni up to 3 (and PGO's configuration) call the leader "master"; Patroni 4's default is "primary". */
    static final List<String> PGO_PRIMARY_ROLES = List.of("master", "primary");
    static final String PGO_REPLICA_ROLE = "replica";
    static final String PGO_CONTAINER = "database";
    static final String NBE_DEFAULT_USER = "netbox";

    // Kubernetes recommended labels, as Bitnami's charts and the NetBox/Nautobot charts set them.
    static final String NAME = "app.kubernetes.io/name";
    static final String COMPONENT = "app.kubernetes.io/component";
    static final String INSTANCE = "app.kubernetes.io/instance";

    static final int POSTGRES_PORT = 5432;
    static final int REDIS_PORT = 6379;

    /** Where an application keeps the files a backup must carry. */
    record AppLayout(String app, Map<String, String> selector, String container, String baseDirectory,
                     List<String> directories) {
    }

    static final AppLayout NETBOX = new AppLayout("NetBox", Map.of(COMPONENT, "netbox"), "netbox",
            "/opt/netbox/netbox", List.of("media", "scripts", "reports"));
    static final AppLayout NAUTOBOT = new AppLayout("Nautobot", Map.of(NAME, "nautobot", COMPONENT, "nautobot-default"),
            "nautobot", "/opt/nautobot", List.of("media", "jobs"));

    /** S3-compatible stores that may run beside the deployment, by their app.kubernetes.io/name. */
    static final Map<String, Integer> BUCKET_PRODUCTS = orderedMap("garage", 3900, "seaweedfs", 8333, "minio", 9000);

    private final ClusterAccess cluster;
    private final KubernetesSettings settings;
    private final String namespace;

    public Discovery(ClusterAccess cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.settings = cluster.settings();
        this.namespace = cluster.namespace();
    }

    /** Connects as {@code settings} say (KUBECONFIG and HOME from {@code environment}), discovers, disconnects. */
    public static DiscoveredDeployment discover(KubernetesSettings settings, Map<String, String> environment) {
        try (ClusterAccess cluster = ClusterAccess.open(settings, environment)) {
            return new Discovery(cluster).discover();
        }
    }

    /** {@link #discover(KubernetesSettings, Map)} with the process environment. */
    public static DiscoveredDeployment discover(KubernetesSettings settings) {
        return discover(settings, System.getenv());
    }

    /** Everything a backup needs, found now. */
    public DiscoveredDeployment discover() {
        List<String> notes = new ArrayList<>();
        PostgresPrimary primary = primary();
        List<String> replicas = replicas(primary);
        PgCredentials credentials = credentials(primary, settings.databaseUser());
        RedisMaster redis = redis(notes);
        FileSource files = files(notes);
        BucketEndpoint bucket = bucket(notes);
        return new DiscoveredDeployment(namespace, settings.flavour(), cluster.source(), primary, replicas,
                credentials, redis, files, bucket, notes);
    }

    // ---- PostgreSQL ---------------------------------------------------------------------------------------

    /**
     * The PostgreSQL primary as the labels say now; asks the API server every time, so a caller that re-resolves
     * before (re)connecting follows a failover.
     *
     * @throws KubernetesFailure no primary (with the reason: no such namespace, nothing labelled, not running)
     */
    public PostgresPrimary primary() {
        List<Pod> candidates = new ArrayList<>();
        String selectorShown;
        if (settings.flavour() == Flavour.NETBOX_ENTERPRISE) {
            selectorShown = PGO_ROLE + "=" + PGO_PRIMARY_ROLES.get(0);
            for (String role : PGO_PRIMARY_ROLES) {
                candidates = pods(pgoSelector(role));
                if (!candidates.isEmpty()) {
                    break;
                }
            }
        } else {
            Map<String, String> selector = helmSelector("postgresql", "primary");
            selectorShown = selectorText(selector);
            candidates = pods(selector);
        }
        if (candidates.isEmpty()) {
            throw noPrimary(selectorShown);
        }
        // PGO labels one leader; during a switchover two may briefly carry the label: take a running one.
        Pod labelled = candidates.get(0);
        Pod pod = candidates.stream().filter(Discovery::running).min(Comparator.comparing(Discovery::name))
                .orElseThrow(() -> new KubernetesFailure("PostgreSQL primary pod " + name(labelled)
                        + " in namespace " + namespace + " is not running (phase " + phase(labelled) + ")"));
        if (settings.flavour() == Flavour.NETBOX_ENTERPRISE) {
            Container container = container(pod, PGO_CONTAINER);
            return new PostgresPrimary(name(pod), container.getName(), port(container, "postgres", POSTGRES_PORT),
                    label(pod, PGO_CLUSTER));
        }
        Container container = container(pod, "postgresql");
        return new PostgresPrimary(name(pod), container.getName(), port(container, "tcp-postgresql", POSTGRES_PORT),
                label(pod, INSTANCE));
    }

    /**
     * The primary now if it is no longer {@code previous} (a failover or switchover happened), else empty: a backup
     * that lost its connection asks this before retrying on a new port-forward.
     */
    public Optional<PostgresPrimary> primaryIfChanged(PostgresPrimary previous) {
        PostgresPrimary now = primary();
        return now.pod().equals(previous.pod()) ? Optional.empty() : Optional.of(now);
    }

    private Map<String, String> pgoSelector(String role) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(PGO_ROLE, role);
        if (settings.release() != null) {
            selector.put(PGO_CLUSTER, settings.release());
        }
        return selector;
    }

    private List<String> replicas(PostgresPrimary primary) {
        List<Pod> pods;
        if (settings.flavour() == Flavour.NETBOX_ENTERPRISE) {
            Map<String, String> selector = new LinkedHashMap<>();
            selector.put(PGO_ROLE, PGO_REPLICA_ROLE);
            if (primary.cluster() != null) {
                selector.put(PGO_CLUSTER, primary.cluster());
            }
            pods = pods(selector);
        } else {
            pods = pods(helmSelector("postgresql", "read"));
        }
        return pods.stream().map(Discovery::name).filter(n -> !n.equals(primary.pod())).sorted().toList();
    }

    /** Why no pod carries the primary label: the namespace does not exist, is empty, or holds no labelled pod. */
    private KubernetesFailure noPrimary(String selector) {
        Boolean exists = namespaceExists();
        if (Boolean.FALSE.equals(exists)) {
            return new KubernetesFailure("namespace " + namespace + " not found" + namespaceHint());
        }
        if (pods(Map.of()).isEmpty()) {
            return new KubernetesFailure("namespace " + namespace + " has no pods" + namespaceHint());
        }
        return new KubernetesFailure("no PostgreSQL primary in namespace " + namespace + ": no pod labelled "
                + selector + (settings.flavour() == Flavour.NETBOX_ENTERPRISE
                ? " (is the database running, or configured as external?)"
                : " (is PostgreSQL from the chart, or external? --flavour netbox-enterprise for PGO)"));
    }

    private String namespaceHint() {
        return settings.flavour() == Flavour.NETBOX_ENTERPRISE
                ? " (NetBox Enterprise uses netbox-enterprise on KOTS and kotsadm on the Embedded Cluster; give "
                + "--namespace)"
                : " (give --namespace)";
    }

    /** True or false when the API server says; null when reading namespaces is not allowed (it is optional). */
    private Boolean namespaceExists() {
        try {
            return cluster.client().namespaces().withName(namespace).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return null;
            }
            throw cluster.failure(e, "get", "namespace " + namespace);
        }
    }

    /**
     * The login of {@code user} (null: the flavour's default user) on {@code primary}'s server, e.g. NetBox
     * Enterprise's {@code diode} and {@code hydra} besides {@code netbox}: PGO keeps one secret per user.
     *
     * @throws KubernetesFailure the secret or its password key is missing, or reading it is forbidden
     */
    public PgCredentials credentials(PostgresPrimary primary, String user) {
        if (settings.flavour() == Flavour.NETBOX_ENTERPRISE) {
            return pgoCredentials(primary, user, false).orElseThrow();
        }
        return helmCredentials(primary, user);
    }

    /**
     * {@link #credentials} for a database that may not exist in every installation (NetBox Enterprise's Diode and
     * Hydra in older releases): empty when PGO keeps no secret for {@code user}. A refused or failed read is still a
     * failure. The Helm charts have one application user, so there this is {@link #credentials} itself.
     */
    public Optional<PgCredentials> credentialsIfPresent(PostgresPrimary primary, String user) {
        if (settings.flavour() == Flavour.NETBOX_ENTERPRISE) {
            return pgoCredentials(primary, user, true);
        }
        return Optional.of(helmCredentials(primary, user));
    }

    /** PGO writes one secret per user: {@code <cluster>-pguser-<user>} with user, password, dbname, host, port, uri. */
    private Optional<PgCredentials> pgoCredentials(PostgresPrimary primary, String wantedUser, boolean optional) {
        String clusterName = settings.release() != null ? settings.release() : primary.cluster();
        if (clusterName == null) {
            throw new KubernetesFailure("PostgreSQL primary pod " + primary.pod() + " has no " + PGO_CLUSTER
                    + " label; give the PGO cluster name (--release)");
        }
        String user = wantedUser != null ? wantedUser : NBE_DEFAULT_USER;
        String secretName = clusterName + "-pguser-" + user;
        Map<String, String> data = secretOrNull(secretName);
        if (data == null && optional) {
            return Optional.empty();
        }
        if (data == null) {
            throw missingSecret(secretName, "PGO creates " + secretName + " for user " + user + " of cluster "
                    + clusterName + "; is the user right (--db-user)?");
        }
        String password = required(data, secretName, "password");
        String database = data.getOrDefault("dbname", user);
        String role = data.getOrDefault("user", user);
        return Optional.of(new PgCredentials(role, password, database, new SecretRef(secretName, "password")));
    }

    /**
     * Bitnami's PostgreSQL chart passes the passwords to the container from its secret ({@code <release>-postgresql},
     * keys {@code password} for the application user, {@code postgres-password} for postgres); the pod spec says
     * which secret, key, user and database, so that is read first, the chart's defaults second.
     */
    private PgCredentials helmCredentials(PostgresPrimary primary, String wantedUser) {
        Pod pod = pod(primary.pod());
        Container container = container(pod, primary.container());
        String appUser = firstValue(container, "POSTGRES_USER", "POSTGRESQL_USERNAME");
        String database = firstValue(container, "POSTGRES_DATABASE", "POSTGRES_DB", "POSTGRESQL_DATABASE");
        String user = wantedUser != null ? wantedUser : appUser != null ? appUser : "postgres";
        boolean superuser = user.equals("postgres");
        SecretRef ref;
        if (superuser && appUser != null) {
            ref = secretRef(pod, container, "POSTGRES_POSTGRES_PASSWORD", "POSTGRESQL_POSTGRES_PASSWORD");
        } else {
            ref = secretRef(pod, container, "POSTGRES_PASSWORD", "POSTGRESQL_PASSWORD");
        }
        if (ref == null) {
            String release = settings.release() != null ? settings.release() : primary.cluster();
            if (release == null) {
                throw new KubernetesFailure("cannot tell where the PostgreSQL password of pod " + primary.pod()
                        + " comes from; give the Helm release (--release)");
            }
            ref = new SecretRef(release + "-postgresql", superuser ? "postgres-password" : "password");
        }
        Map<String, String> data = secret(ref.name(), "the PostgreSQL chart of release "
                + (primary.cluster() != null ? primary.cluster() : "?") + " keeps its passwords there");
        String password = required(data, ref.name(), ref.key());
        if (database == null) {
            database = superuser ? "postgres" : user;
        }
        return new PgCredentials(user, password, database, ref);
    }

    // ---- Redis ----------------------------------------------------------------------------------------------

    /** Bitnami's Redis chart: the master pod carries component=master (Sentinel setups label pods "node"). */
    private RedisMaster redis(List<String> notes) {
        List<Pod> masters = pods(redisSelector("master")).stream().filter(Discovery::running).toList();
        if (masters.isEmpty()) {
            List<Pod> nodes = pods(redisSelector("node"));
            masters = nodes.stream().filter(p -> "true".equals(label(p, "isMaster"))).filter(Discovery::running)
                    .toList();
            if (masters.isEmpty()) {
                notes.add(nodes.isEmpty()
                        ? "redis: no running pod labelled " + selectorText(redisSelector("master"))
                        + " (external Redis, or NetBox Enterprise in restore mode?)"
                        : "redis: runs under Sentinel (" + nodes.size() + " node pods) and no pod is labelled "
                        + "isMaster=true; the master cannot be told from labels");
                return null;
            }
        }
        Pod pod = masters.stream().min(Comparator.comparing(Discovery::name)).orElseThrow();
        Container container = container(pod, "redis");
        int port = port(container, "redis", REDIS_PORT);
        SecretRef ref = secretRef(pod, container, "REDIS_PASSWORD");
        if (ref != null) {
            String password = required(secret(ref.name(), "pod " + name(pod) + " reads its password from it"),
                    ref.name(), ref.key());
            return new RedisMaster(name(pod), container.getName(), port, ref, password);
        }
        String inline = firstValue(container, "REDIS_PASSWORD");
        return new RedisMaster(name(pod), container.getName(), port, null, inline);
    }

    private Map<String, String> redisSelector(String component) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(NAME, "redis");
        selector.put(COMPONENT, component);
        if (settings.flavour() == Flavour.HELM && settings.release() != null) {
            selector.put(INSTANCE, settings.release());
        }
        return selector;
    }

    // ---- files ----------------------------------------------------------------------------------------------

    private FileSource files(List<String> notes) {
        List<AppLayout> layouts = settings.flavour() == Flavour.NETBOX_ENTERPRISE ? List.of(NETBOX)
                : List.of(NETBOX, NAUTOBOT);
        for (AppLayout layout : layouts) {
            Map<String, String> selector = new LinkedHashMap<>(layout.selector());
            if (settings.flavour() == Flavour.HELM && settings.release() != null) {
                selector.put(INSTANCE, settings.release());
            }
            List<Pod> all = pods(selector);
            List<String> ready = all.stream().filter(Discovery::ready)
                    .filter(p -> hasContainer(p, layout.container())).map(Discovery::name).sorted().toList();
            if (!ready.isEmpty()) {
                return new FileSource(ready, layout.container(), layout.baseDirectory(), layout.directories());
            }
            if (!all.isEmpty()) {
                notes.add("files: " + all.size() + " " + layout.app() + " pod(s) labelled " + selectorText(selector)
                        + " but none ready with container " + layout.container());
                return null;
            }
        }
        notes.add("files: no application pod labelled " + selectorText(NETBOX.selector())
                + (settings.flavour() == Flavour.HELM ? " or " + selectorText(NAUTOBOT.selector()) : "")
                + " (NetBox stopped, or in restore mode?)");
        return null;
    }

    // ---- bucket ---------------------------------------------------------------------------------------------

    /** A Service of a known S3-compatible product in the namespace, else null. Optional: a refusal is a note. */
    private BucketEndpoint bucket(List<String> notes) {
        List<Service> services;
        try {
            services = cluster.client().services().inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                notes.add("bucket: not looked for (" + cluster.failure(e, "list", "services").getMessage() + ")");
                return null;
            }
            throw cluster.failure(e, "list", "services");
        }
        for (Map.Entry<String, Integer> product : BUCKET_PRODUCTS.entrySet()) {
            Optional<Service> found = services.stream()
                    .filter(s -> product.getKey().equals(label(s.getMetadata().getLabels(), NAME)))
                    .filter(s -> s.getSpec() != null && s.getSpec().getPorts() != null)
                    .filter(s -> s.getSpec().getPorts().stream().anyMatch(p -> isS3Port(p, product.getValue())))
                    .min(Comparator.comparing(s -> s.getMetadata().getName()));
            if (found.isPresent()) {
                Service service = found.get();
                int port = service.getSpec().getPorts().stream().filter(p -> isS3Port(p, product.getValue()))
                        .findFirst().orElseThrow().getPort();
                String name = service.getMetadata().getName();
                return new BucketEndpoint(name, product.getKey(),
                        "http://" + name + "." + namespace + ".svc:" + port);
            }
        }
        return null;
    }

    private static boolean isS3Port(ServicePort port, int productPort) {
        String name = port.getName() == null ? "" : port.getName();
        return name.contains("s3") || (port.getPort() != null && port.getPort() == productPort)
                || (port.getTargetPort() != null && port.getTargetPort().getIntVal() != null
                && port.getTargetPort().getIntVal() == productPort);
    }

    // ---- API helpers ----------------------------------------------------------------------------------------

    private List<Pod> pods(Map<String, String> selector) {
        try {
            var pods = cluster.client().pods().inNamespace(namespace);
            return (selector.isEmpty() ? pods.list() : pods.withLabels(selector).list()).getItems();
        } catch (KubernetesClientException e) {
            throw cluster.failure(e, "list", "pods");
        }
    }

    private Pod pod(String name) {
        try {
            Pod pod = cluster.client().pods().inNamespace(namespace).withName(name).get();
            if (pod == null) {
                throw new KubernetesFailure("pod " + name + " disappeared from namespace " + namespace);
            }
            return pod;
        } catch (KubernetesClientException e) {
            throw cluster.failure(e, "get", "pods");
        }
    }

    /** A secret's data, decoded; a missing secret is a failure that says why it was expected. */
    private Map<String, String> secret(String name, String why) {
        Map<String, String> data = secretOrNull(name);
        if (data == null) {
            throw missingSecret(name, why);
        }
        return data;
    }

    private KubernetesFailure missingSecret(String name, String why) {
        return new KubernetesFailure("secret " + name + " not found in namespace " + namespace + " (" + why + ")");
    }

    /** A secret's data, decoded, or null when there is no such secret. */
    private Map<String, String> secretOrNull(String name) {
        Secret secret;
        try {
            secret = cluster.client().secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw cluster.failure(e, "get", "secret " + name);
        }
        if (secret == null) {
            return null;
        }
        Map<String, String> decoded = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> decoded.put(key,
                    new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            decoded.putAll(secret.getStringData());
        }
        return decoded;
    }

    private static String required(Map<String, String> data, String secret, String key) {
        String value = data.get(key);
        if (value == null || value.isEmpty()) {
            throw new KubernetesFailure("secret " + secret + " has no key " + key);
        }
        return value;
    }

    /**
     * Where the first of {@code variables} that is set takes its value from a secret: {@code valueFrom.secretKeyRef},
     * or its {@code _FILE} twin pointing into a mounted secret volume (Bitnami's usePasswordFiles). Null if neither.
     */
    private static SecretRef secretRef(Pod pod, Container container, String... variables) {
        for (String variable : variables) {
            EnvVar env = env(container, variable);
            if (env != null && env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
                return new SecretRef(ref.getName(), ref.getKey());
            }
            EnvVar file = env(container, variable + "_FILE");
            if (file != null && file.getValue() != null) {
                SecretRef mounted = mountedSecret(pod, container, file.getValue());
                if (mounted != null) {
                    return mounted;
                }
            }
        }
        return null;
    }

    /** The secret and key behind a file path in a secret volume mount, else null. */
    private static SecretRef mountedSecret(Pod pod, Container container, String path) {
        if (container.getVolumeMounts() == null || pod.getSpec().getVolumes() == null) {
            return null;
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            String prefix = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            if (!path.startsWith(prefix)) {
                continue;
            }
            String key = path.substring(prefix.length());
            for (Volume volume : pod.getSpec().getVolumes()) {
                if (volume.getName().equals(mount.getName()) && volume.getSecret() != null) {
                    return new SecretRef(volume.getSecret().getSecretName(), key);
                }
            }
        }
        return null;
    }

    private static String firstValue(Container container, String... variables) {
        for (String variable : variables) {
            EnvVar env = env(container, variable);
            if (env != null && env.getValue() != null && !env.getValue().isEmpty()) {
                return env.getValue();
            }
        }
        return null;
    }

    private static EnvVar env(Container container, String name) {
        if (container.getEnv() == null) {
            return null;
        }
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst().orElse(null);
    }

    private Container container(Pod pod, String wanted) {
        return pod.getSpec().getContainers().stream().filter(c -> wanted.equals(c.getName())).findFirst()
                .orElseThrow(() -> new KubernetesFailure("pod " + name(pod) + " in namespace " + namespace
                        + " has no container " + wanted + " (it has " + String.join(", ",
                        pod.getSpec().getContainers().stream().map(Container::getName).toList()) + ")"));
    }

    private static boolean hasContainer(Pod pod, String wanted) {
        return pod.getSpec() != null && pod.getSpec().getContainers() != null
                && pod.getSpec().getContainers().stream().anyMatch(c -> wanted.equals(c.getName()));
    }

    private static int port(Container container, String name, int fallback) {
        if (container.getPorts() == null) {
            return fallback;
        }
        return container.getPorts().stream().filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort).filter(Objects::nonNull).findFirst().orElse(fallback);
    }

    private Map<String, String> helmSelector(String name, String component) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(NAME, name);
        selector.put(COMPONENT, component);
        if (settings.release() != null) {
            selector.put(INSTANCE, settings.release());
        }
        return selector;
    }

    static String selectorText(Map<String, String> selector) {
        StringBuilder text = new StringBuilder();
        selector.forEach((k, v) -> text.append(text.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return text.toString();
    }

    static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    private static String label(Pod pod, String key) {
        return label(pod.getMetadata().getLabels(), key);
    }

    private static String label(Map<String, String> labels, String key) {
        return labels == null ? null : labels.get(key);
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "unknown" : pod.getStatus().getPhase();
    }

    static boolean running(Pod pod) {
        return "Running".equals(phase(pod));
    }

    static boolean ready(Pod pod) {
        if (!running(pod) || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    private static Map<String, Integer> orderedMap(Object... pairs) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return map;
    }
}
