/**
 * Reaching a PostgreSQL server the way libpq does: {@code ConnInfo} parses URIs, key=value strings, the PG*
 * environment and {@code ~/.pgpass}, and {@code Connector} opens JDBC connections that fail with one-line
 * {@code ConnectionFailure}s. What is done over a connection belongs to the dump, restore and catalog packages.
 */
package dev.sotbackup.postgres.connect;
