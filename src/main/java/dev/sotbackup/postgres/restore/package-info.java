/**
 * The restore engine: replays any archive contents into a database the way pg_restore does — entry selection,
 * serial or parallel scheduling, COPY and large objects over JDBC — and {@code pg restore} on top of it (listing,
 * scripts through the plain writer, restoring in place or through a scratch database swapped in only on success).
 */
package dev.sotbackup.postgres.restore;
