/**
 * pg_dump's file formats. Reading: {@link dev.sotbackup.postgres.archive.ArchiveReader#open} tells custom, directory
 * and tar archives apart and serves each as archive contents. Writing: {@link
 * dev.sotbackup.postgres.archive.ArchiveFormat#open} is the one place a format becomes its {@link
 * dev.sotbackup.postgres.archive.ArchiveWriter} (custom, directory, plain script), which streams any archive
 * contents into an output file or directory; the TOC and data encodings, compression and parallel part
 * production live here too.
 */
package dev.sotbackup.postgres.archive;
