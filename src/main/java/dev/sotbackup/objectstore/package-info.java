/**
 * An S3 bucket or prefix as a store: every object listed and read in parallel into the repository with its content
 * type and user metadata, and put back into the same or another bucket or endpoint. The repository's own S3 backend
 * is {@code repository.backend}, not this.
 */
package dev.sotbackup.objectstore;
