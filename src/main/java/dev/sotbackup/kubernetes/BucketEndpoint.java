package dev.sotbackup.kubernetes;

import java.util.Objects;

/**
 * An S3-compatible store running in the namespace (NetBox Enterprise's Garage, or SeaweedFS / MinIO), as its
 * Service names it. The URL is the in-cluster one: reachable from a pod (the CronJob), not from outside.
 *
 * @param service  the Service's name
 * @param product  {@code garage}, {@code seaweedfs} or {@code minio}
 * @param endpoint {@code http://<service>.<namespace>.svc:<port>}
 */
public record BucketEndpoint(String service, String product, String endpoint) {

    public BucketEndpoint {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
