/**
 * A PostgreSQL database as a snapshot component: backing it up from the dumper's contents into the repository
 * (TOC as tree blobs, each data part content-chunked, rows and checksums per table), serving a stored one back as
 * archive contents ({@link dev.sotbackup.postgres.repo.StoredArchive}) for restore and export, and verifying a
 * restored database against the stored checksums.
 */
package dev.sotbackup.postgres.repo;
