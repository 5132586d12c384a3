package dev.sotbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.DeploymentConfig;
import dev.sotbackup.kubernetes.BucketEndpoint;
import dev.sotbackup.kubernetes.DiscoveredDeployment;
import dev.sotbackup.kubernetes.Discovery;
import dev.sotbackup.kubernetes.FileSource;
import dev.sotbackup.kubernetes.Flavour;
import dev.sotbackup.kubernetes.KubernetesSettings;
import dev.sotbackup.kubernetes.PgCredentials;
import dev.sotbackup.kubernetes.PostgresPrimary;
import dev.sotbackup.kubernetes.RedisMaster;
import dev.sotbackup.kubernetes.SecretRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sot-backup discover}: what a backup of a NetBox Enterprise or Helm deployment in Kubernetes would read —
 * the PostgreSQL primary and replicas, the credentials' secret, the Redis master, the pods holding the files, an
 * in-namespace S3 store. Secret values are read (to check them) but never printed: only where they come from.
 */
@Command(name = "discover", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Find a NetBox Enterprise (KOTS, Embedded Cluster) or Helm deployment's stores in Kubernetes "
                + "and print them; secret values are never shown.")
public final class DiscoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeploymentOptions deployment;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "The deployment's namespace (default: kotsadm with the Embedded Cluster's kubeconfig, the "
                    + "pod's own in a cluster, the kubeconfig context's, else netbox-enterprise).")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig file (default: KUBECONFIG, the in-cluster service account, "
                    + "/var/lib/embedded-cluster/k0s/pki/admin.conf, ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context (default: its current one).")
    String context;

    @Option(names = "--flavour", paramLabel = "KIND",
            description = "netbox-enterprise (PGO-managed PostgreSQL, the default) or helm (Bitnami PostgreSQL and "
                    + "Redis of the NetBox or Nautobot chart); default: the -c file's, else netbox-enterprise.")
    String flavour;

    @Option(names = "--release", paramLabel = "NAME",
            description = "PGO cluster name (netbox-enterprise) or Helm release (helm) when the namespace holds "
                    + "several.")
    String release;

    @Option(names = "--db-user", paramLabel = "USER",
            description = "PostgreSQL user whose credentials to use (default: netbox for NetBox Enterprise; the "
                    + "chart's application user for helm).")
    String databaseUser;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        KubernetesSettings settings = KubernetesSettings.defaults();
        if (deployment.given()) {
            // The file's kubernetes: section, with the flags on top.
            Deployment described = DeploymentConfig.load(deployment.config, environment().variables(),
                    Path.of(System.getProperty("user.home")));
            if (described.kubernetes() == null) {
                throw new ParameterException(spec.commandLine(), deployment.config + " has no kubernetes: section");
            }
            settings = described.kubernetes().settings();
        }
        if (flavour != null) {
            try {
                settings = settings.withFlavour(Flavour.parse(flavour));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--flavour: " + e.getMessage());
            }
        }
        if (namespace != null) {
            settings = settings.withNamespace(namespace);
        }
        if (kubeconfig != null) {
            settings = settings.withKubeconfig(kubeconfig);
        }
        if (context != null) {
            settings = settings.withContext(context);
        }
        if (release != null) {
            settings = settings.withRelease(release);
        }
        if (databaseUser != null) {
            settings = settings.withDatabaseUser(databaseUser);
        }
        DiscoveredDeployment found = Discovery.discover(settings, environment().variables());
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), toJson(found));
        } else {
            print(found);
        }
        return SotBackup.EXIT_OK;
    }

    private void print(DiscoveredDeployment found) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("namespace " + found.namespace() + " (" + found.flavour().option() + ", via " + found.access()
                + ")");
        PostgresPrimary pg = found.postgres();
        PgCredentials login = found.credentials();
        out.println("postgresql: primary pod " + pg.pod() + " container " + pg.container() + " port " + pg.port()
                + (pg.cluster() != null ? " (cluster " + pg.cluster() + ")" : ""));
        out.println("  replicas: " + (found.replicas().isEmpty() ? "none" : String.join(", ", found.replicas())));
        out.println("  database " + login.database() + ", user " + login.user() + ", password: from "
                + login.source());
        RedisMaster redis = found.redis();
        if (redis == null) {
            out.println("redis: not found");
        } else {
            out.println("redis: master pod " + redis.pod() + " container " + redis.container() + " port "
                    + redis.port() + ", password: " + redisPassword(redis));
        }
        FileSource files = found.files();
        if (files == null) {
            out.println("files: not found");
        } else {
            out.println("files: " + String.join(", ", files.directories()) + " under " + files.baseDirectory()
                    + " in pod " + files.pod() + " container " + files.container()
                    + (files.pods().size() > 1 ? " (" + files.pods().size() + " pods share them)" : ""));
        }
        BucketEndpoint bucket = found.bucket();
        out.println("bucket: " + (bucket == null ? "none in the namespace"
                : bucket.product() + " service " + bucket.service() + " at " + bucket.endpoint()));
        for (String note : found.notes()) {
            out.println("note: " + note);
        }
    }

    private static String redisPassword(RedisMaster redis) {
        if (redis.passwordSource() != null) {
            return "from " + redis.passwordSource();
        }
        return redis.password() != null ? "in the pod spec" : "none";
    }

    private static ObjectNode toJson(DiscoveredDeployment found) {
        ObjectNode result = JsonOutput.object();
        result.put("namespace", found.namespace());
        result.put("flavour", found.flavour().option());
        result.put("access", found.access());
        ObjectNode pg = result.putObject("postgresql");
        pg.put("pod", found.postgres().pod());
        pg.put("container", found.postgres().container());
        pg.put("port", found.postgres().port());
        pg.put("cluster", found.postgres().cluster());
        ArrayNode replicas = pg.putArray("replicas");
        found.replicas().forEach(replicas::add);
        pg.put("database", found.credentials().database());
        pg.put("user", found.credentials().user());
        pg.set("password_secret", secret(found.credentials().source()));
        RedisMaster redis = found.redis();
        if (redis == null) {
            result.putNull("redis");
        } else {
            ObjectNode r = result.putObject("redis");
            r.put("pod", redis.pod());
            r.put("container", redis.container());
            r.put("port", redis.port());
            r.set("password_secret", secret(redis.passwordSource()));
            r.put("password_set", redis.password() != null);
        }
        FileSource files = found.files();
        if (files == null) {
            result.putNull("files");
        } else {
            ObjectNode f = result.putObject("files");
            ArrayNode pods = f.putArray("pods");
            files.pods().forEach(pods::add);
            f.put("container", files.container());
            f.put("base_directory", files.baseDirectory());
            ArrayNode dirs = f.putArray("directories");
            files.directories().forEach(dirs::add);
        }
        BucketEndpoint bucket = found.bucket();
        if (bucket == null) {
            result.putNull("bucket");
        } else {
            ObjectNode b = result.putObject("bucket");
            b.put("service", bucket.service());
            b.put("product", bucket.product());
            b.put("endpoint", bucket.endpoint());
        }
        ArrayNode notes = result.putArray("notes");
        found.notes().forEach(notes::add);
        return result;
    }

    private static ObjectNode secret(SecretRef ref) {
        if (ref == null) {
            return null;
        }
        ObjectNode node = JsonOutput.object();
        node.put("name", ref.name());
        node.put("key", ref.key());
        return node;
    }

    private Environment environment() {
        return ((SotBackup) spec.root().userObject()).environment();
    }
}
