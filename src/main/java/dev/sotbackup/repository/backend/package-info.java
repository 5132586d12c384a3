/**
 * Where repository objects are stored: the {@code Backend} interface (exists, get, range reads, put, list, delete)
 * with a local directory and an S3 implementation, and {@code Backends.open} for a {@code -r} value. Backends move
 * opaque bytes under object names; they know nothing of encryption, packs, indexes or snapshots.
 */
package dev.sotbackup.repository.backend;
