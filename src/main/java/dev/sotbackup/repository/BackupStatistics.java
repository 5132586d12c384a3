package dev.sotbackup.repository;

/**
 * Counters of a backup session: bytes processed (every byte given to it), bytes added (stored, i.e.
 * compressed and encrypted, bytes of blobs the repository did not have) and blobs added.
 */
public record BackupStatistics(long bytesProcessed, long bytesAdded, long blobsAdded) {
}
