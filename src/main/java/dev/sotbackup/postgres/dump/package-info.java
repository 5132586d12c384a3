/**
 * Dumping a live database: {@link dev.sotbackup.postgres.dump.Dumper} takes one exported snapshot, reads the catalog
 * and serves the database as archive contents whose COPY parts run on worker connections importing that snapshot;
 * {@link dev.sotbackup.postgres.dump.PgDump} is {@code pg dump}: the dumper's contents into the writer of the
 * requested format.
 */
package dev.sotbackup.postgres.dump;
