/**
 * Content-defined chunking for the repository: FastCDC with a gear table derived from the repository's seed, and an
 * output stream that cuts what is written to it into chunks for a sink. It decides where chunks end, not what
 * happens to them: hashing, deduplication, encryption and packing belong to the repository's backup session.
 */
package dev.sotbackup.repository.chunker;
