package dev.sotbackup.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * What a backup of a deployment in Kubernetes needs, as found in the cluster. Printing it shows no secret value.
 *
 * @param namespace   where it was found
 * @param flavour     how it was installed
 * @param access      how the cluster was reached (e.g. "kubeconfig /root/.kube/config"), for messages
 * @param postgres    the PostgreSQL primary at discovery time; re-resolve with {@link Discovery#primary()} before
 *                    connecting, as it moves on failover
 * @param replicas    replica pods seen beside it (names)
 * @param credentials the database login
 * @param redis       the Redis master, or null when none was found
 * @param files       where media, scripts and reports are read from, or null when no application pod runs
 * @param bucket      an in-namespace S3 store, or null
 * @param notes       what was looked for and not found, or found unusual, one line each
 */
public record DiscoveredDeployment(String namespace, Flavour flavour, String access, PostgresPrimary postgres,
                                   List<String> replicas, PgCredentials credentials, RedisMaster redis,
                                   FileSource files, BucketEndpoint bucket, List<String> notes) {

    public DiscoveredDeployment {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(flavour, "flavour");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(credentials, "credentials");
        replicas = List.copyOf(replicas);
        notes = List.copyOf(notes);
    }
}
