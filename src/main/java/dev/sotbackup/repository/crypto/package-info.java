/**
 * The repository's cryptography and object encoding: the master key and its scrypt-wrapped key files, AES-256-GCM,
 * the zstd + AES-GCM envelope every stored object is written in, and the typed ids ({@code BlobId} for content,
 * {@code StorageId} for stored files). It encodes and names objects; storing them is the backends' job and
 * deciding what to store is the repository's.
 */
package dev.sotbackup.repository.crypto;
