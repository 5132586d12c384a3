/**
 * A deployment's stores inside a Kubernetes cluster and how to reach them: settings, the fabric8 client,
 * discovery of the PostgreSQL primary, credentials, Redis, pods and buckets, port forwards and tar streams out of
 * pods. It finds and reaches stores; backing them up and restoring them belongs to the deployment package.
 */
package dev.sotbackup.kubernetes;
