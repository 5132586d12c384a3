package dev.sotbackup.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sotbackup.deployment.Deployment;
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
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sot-backup discover}: what a backup of a NetBox Enterprise or Helm deployment in Kubernetes would read —
 * the PostgreSQL primary and replicas, the credentials' secret, the Redis master, the pods holding the files, an
 * in-namespace S3 store. Secret values are read (to check them) but never printed: only where they come from.
 */
@Command(name = "discover", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Find a NetBox Enterprise (KOTS, Embedded Cluster) or Helm deployment's stores in Kubernetes "
                + "and print them; secret values are never shown.")
public final class DiscoverCommand extends CliCommand {

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
            Deployment described = DeploymentOptions.load(deployment.config, environment());
            if (described.kubernetes() == null) {
                throw usage(deployment.config + " has no kubernetes: section");
            }
            settings = described.kubernetes().settings();
        }
        Flavour flavourGiven;
        try {
            flavourGiven = flavour == null ? null : Flavour.parse(flavour);
        } catch (IllegalArgumentException e) {
            throw usage("--flavour: " + e.getMessage());
        }
        settings = settings.overriddenBy(namespace, kubeconfig, context, flavourGiven, release, databaseUser);
        DiscoveredDeployment found = Discovery.discover(settings, environment().variables());
        return print(json, DiscoverJson.of(found), out -> print(out, found));
    }

    private static void print(PrintWriter out, DiscoveredDeployment found) {
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

    /**
     * The {@code --json} document: where each store is and which secret holds its password, never a value. A store
     * not found is written as null.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DiscoverJson(String namespace, String flavour, String access, PostgresJson postgresql, RedisJson redis,
                        FileSource files, BucketEndpoint bucket, List<String> notes) {

        static DiscoverJson of(DiscoveredDeployment found) {
            PostgresPrimary pg = found.postgres();
            PgCredentials login = found.credentials();
            RedisMaster redis = found.redis();
            return new DiscoverJson(found.namespace(), found.flavour().option(), found.access(),
                    new PostgresJson(pg.pod(), pg.container(), pg.port(), pg.cluster(), found.replicas(),
                            login.database(), login.user(), login.source()),
                    redis == null ? null : new RedisJson(redis.pod(), redis.container(), redis.port(),
                            redis.passwordSource(), redis.password() != null),
                    found.files(), found.bucket(), found.notes());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PostgresJson(String pod, String container, int port, String cluster, List<String> replicas,
                        String database, String user, SecretRef passwordSecret) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RedisJson(String pod, String container, int port, SecretRef passwordSecret, boolean passwordSet) {
    }
}
