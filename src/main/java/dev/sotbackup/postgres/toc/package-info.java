/**
 * The PostgreSQL archive model, shaped like pg_dump's and independent of any format: the TOC ({@link
 * dev.sotbackup.postgres.toc.Toc}, {@link dev.sotbackup.postgres.toc.TocEntry}) and {@link
 * dev.sotbackup.postgres.toc.ArchiveContents} — each data entry's data as ordered, independently readable
 * {@link dev.sotbackup.postgres.toc.DataPart}s and each BLOBS entry's {@link dev.sotbackup.postgres.toc.LargeObject}s,
 * all streams. Every producer (dumper, archive readers, repository, live replicate source) and every consumer
 * (archive writers, restore engine) meets here, together with the SQL and session rules both sides derive from an
 * entry.
 */
package dev.sotbackup.postgres.toc;
