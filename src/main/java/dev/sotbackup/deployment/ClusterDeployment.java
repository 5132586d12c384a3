package dev.sotbackup.deployment;

import dev.sotbackup.files.TarSource;
import dev.sotbackup.kubernetes.ClusterAccess;
import dev.sotbackup.kubernetes.DiscoveredDeployment;
import dev.sotbackup.kubernetes.Discovery;
import dev.sotbackup.kubernetes.FileSource;
import dev.sotbackup.kubernetes.Flavour;
import dev.sotbackup.kubernetes.KubernetesFailure;
import dev.sotbackup.kubernetes.KubernetesSettings;
import dev.sotbackup.kubernetes.PgCredentials;
import dev.sotbackup.kubernetes.PodTarStream;
import dev.sotbackup.kubernetes.PortForward;
import dev.sotbackup.kubernetes.PostgresPrimary;
import dev.sotbackup.kubernetes.RedisMaster;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.report.Reporter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A deployment reached through its Kubernetes cluster: the stores of a deployment file's {@code kubernetes:}
 * section found by {@link Discovery} and made reachable from this process — PostgreSQL's primary and Redis's master
 * through port-forwards on 127.0.0.1, the application pod's directories as {@code tar} streamed over exec. Nothing
 * is installed in the pods and nothing (kubectl, pg_dump) is needed here. The result is an ordinary
 * {@link Deployment} for as long as the {@link Opened} stays open.
 */
public final class ClusterDeployment {

    private ClusterDeployment() {
    }

    /**
     * Reaches {@code configured}'s stores in its cluster ({@code environment} supplies KUBECONFIG, HOME and the
     * in-cluster variables). Stores the configured deployment already has — from flags such as {@code --postgres},
     * {@code --redis}, {@code --dir} — are kept and not looked for.
     *
     * @throws KubernetesFailure the cluster cannot be reached or a store cannot be found (one line)
     */
    public static Opened open(Deployment configured, Map<String, String> environment, Reporter reporter) {
        Deployment.ClusterStores cluster = requireCluster(configured);
        return open(configured, ClusterAccess.open(cluster.settings(), environment), reporter);
    }

    /** The same through an access built elsewhere (tests); the {@link Opened} closes it. */
    public static Opened open(Deployment configured, ClusterAccess access, Reporter reporter) {
        Deployment.ClusterStores cluster = requireCluster(configured);
        Opened opened = new Opened(access);
        try {
            opened.reach(configured, cluster, reporter);
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private static Deployment.ClusterStores requireCluster(Deployment configured) {
        Objects.requireNonNull(configured, "configured");
        if (configured.kubernetes() == null) {
            throw new IllegalArgumentException("deployment " + configured.name() + " has no kubernetes: section");
        }
        return configured.kubernetes();
    }

    /**
     * The reached deployment: its port-forwards stay open, and its pod directories can be read, until
     * {@link #close()}.
     */
    public static final class Opened implements AutoCloseable {

        private final ClusterAccess access;
        private final List<PortForward> forwards = new ArrayList<>();
        private final Map<String, TarSource> directories = new LinkedHashMap<>();
        private Deployment deployment;
        private DiscoveredDeployment found;

        private Opened(ClusterAccess access) {
            this.access = access;
        }

        private void reach(Deployment configured, Deployment.ClusterStores cluster, Reporter reporter) {
            Discovery discovery = new Discovery(access);
            found = discovery.discover();
            List<String> notes = new ArrayList<>(configured.notes());
            notes.add("reached through Kubernetes: " + found.flavour().option() + " in namespace " + found.namespace()
                    + " (" + access.source() + ")");
            notes.addAll(found.notes());

            List<Deployment.Database> databases = configured.databases();
            if (databases.isEmpty()) {
                databases = databases(discovery, cluster, configured.profile(), notes, reporter);
            }
            Deployment.RedisStores redis = configured.redis();
            if (redis == null && found.redis() != null) {
                redis = redis(found.redis(), cluster, reporter);
            }
            directories(cluster, configured.directories().keySet(), reporter);
            if (configured.bucket() == null && found.bucket() != null) {
                notes.add("an S3 store (" + found.bucket().product() + ") runs in the namespace at "
                        + found.bucket().endpoint() + "; name its bucket under bucket: to back it up");
            }
            deployment = new Deployment(configured.name(), configured.profile(), databases, redis,
                    configured.directories(), configured.bucket(), notes);
        }

        /**
         * Every database through one port-forward to the primary, each with its own login: NetBox Enterprise's PGO
         * keeps one secret per user, and its netbox, diode and hydra databases are owned by users of those names.
         * With {@code database_user} that user's login serves every database; the Helm charts have one user anyway.
         */
        private List<Deployment.Database> databases(Discovery discovery, Deployment.ClusterStores cluster,
                                                    Profile profile, List<String> notes, Reporter reporter) {
            KubernetesSettings settings = cluster.settings();
            boolean listed = !cluster.databases().isEmpty();
            List<String> names = listed ? cluster.databases()
                    : settings.flavour() == Flavour.NETBOX_ENTERPRISE && !profile.defaultDatabases().isEmpty()
                    ? profile.defaultDatabases() : List.of(found.credentials().database());
            // Re-resolve the primary right before forwarding to it: a failover since discovery moved the role label,
            // and a forward to the old primary would reach a read-only replica (or nothing).
            PostgresPrimary primary = discovery.primary();
            PortForward forward = PortForward.toPostgres(access, primary);
            forwards.add(forward);
            reporter.info("postgres: primary pod " + primary.pod() + " forwarded to " + forward.host() + ":"
                    + forward.port());
            boolean perDatabaseUser = settings.flavour() == Flavour.NETBOX_ENTERPRISE
                    && settings.databaseUser() == null;
            PgCredentials shared = perDatabaseUser ? null : discovery.credentials(primary, settings.databaseUser());
            List<Deployment.Database> databases = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                PgCredentials login = shared;
                if (login == null) {
                    // Defaults other than the application's own are optional: older releases have no Diode or Hydra.
                    boolean optional = !listed && i > 0;
                    Optional<PgCredentials> credentials = optional ? discovery.credentialsIfPresent(primary, name)
                            : Optional.of(discovery.credentials(primary, name));
                    if (credentials.isEmpty()) {
                        notes.add("postgres " + name + ": no PGO user secret for it in the cluster; left out");
                        continue;
                    }
                    login = credentials.get();
                }
                databases.add(new Deployment.Database(name,
                        login.conninfo(forward.host(), forward.port()).withDatabase(name)));
            }
            return databases;
        }

        private Deployment.RedisStores redis(RedisMaster master, Deployment.ClusterStores cluster,
                                             Reporter reporter) {
            PortForward forward = PortForward.toRedis(access, master);
            forwards.add(forward);
            reporter.info("redis: master pod " + master.pod() + " forwarded to " + forward.host() + ":"
                    + forward.port());
            RedisTarget target = master.target(forward.host(), forward.port());
            return new Deployment.RedisStores(target, cluster.tasksDb(), target, cluster.cacheDb(), master.pod());
        }

        /** One tar stream per directory, each its own component as on a host; those given by flags stay theirs. */
        private void directories(Deployment.ClusterStores cluster, Set<String> given,
                                 Reporter reporter) {
            FileSource files = found.files();
            if (files == null) {
                if (!cluster.directories().isEmpty()) {
                    String why = found.notes().stream().filter(n -> n.startsWith("files: ")).findFirst()
                            .map(n -> " (" + n.substring("files: ".length()) + ")").orElse("");
                    throw new KubernetesFailure("directories " + String.join(", ", cluster.directories().keySet())
                            + " are read from the application pod, and none is ready in namespace "
                            + found.namespace() + why);
                }
                return;
            }
            Map<String, String> paths = new LinkedHashMap<>(cluster.directories());
            if (paths.isEmpty()) {
                for (String name : files.directories()) {
                    paths.put(name, files.baseDirectory() + "/" + name);
                }
            }
            paths.forEach((name, path) -> {
                if (given.contains(name)) {
                    return;
                }
                int slash = path.lastIndexOf('/');
                String base = slash == 0 ? "/" : path.substring(0, slash);
                directories.put(name, PodTarStream.source(access, files.pod(), files.container(), base,
                        List.of(path.substring(slash + 1))));
            });
            if (!directories.isEmpty()) {
                reporter.info("files: " + String.join(", ", directories.keySet()) + " from pod " + files.pod()
                        + " container " + files.container());
            }
        }

        /** The deployment with its cluster stores on forwarded local ports; ordinary from here on. */
        public Deployment deployment() {
            return deployment;
        }

        /** name → the application pod's directory, read by tar over exec (stored as {@code files} components). */
        public Map<String, TarSource> directories() {
            return Collections.unmodifiableMap(directories);
        }

        /** What discovery found, for messages. */
        public DiscoveredDeployment found() {
            return found;
        }

        /** The open port-forwards (PostgreSQL first, then Redis). */
        public List<PortForward> forwards() {
            return List.copyOf(forwards);
        }

        /**
         * What went wrong on forwarded connections, one line (empty if nothing): a refused port-forward surfaces
         * only as a broken connection in the client, and this says why.
         */
        public String forwardErrors() {
            List<String> errors = new ArrayList<>();
            for (PortForward forward : forwards) {
                if (forward.failed()) {
                    errors.add(forward.errors());
                }
            }
            return String.join("; ", errors);
        }

        /** The deployment as {@link Deployment#describe()} says it, plus the pod directories. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>(deployment.describe());
            int at = lines.size() - deployment.notes().size();
            List<String> pods = new ArrayList<>();
            directories.forEach((name, source) -> pods.add("  directory " + name + ": " + source.source()));
            lines.addAll(at, pods);
            return lines;
        }

        /** Closes every port-forward, then the API client; never throws. */
        @Override
        public void close() {
            for (PortForward forward : forwards) {
                forward.close();
            }
            access.close();
        }
    }
}
