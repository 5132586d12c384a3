/**
 * A live database as the source of {@code replicate}: {@link dev.sotbackup.postgres.replicate.LiveArchive} serves the
 * dumper's contents to the restore engine as they are read from the source's snapshot, and accounts for the bytes,
 * rows and tables copied.
 */
package dev.sotbackup.postgres.replicate;
