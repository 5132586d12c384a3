package dev.sotbackup.repository;

/** What {@code prune} did: packs deleted whole, packs rewritten, new packs, and bytes freed on the store. */
public record PruneResult(int packsDeleted, int packsRepacked, int packsWritten, int unindexedPacksDeleted,
                          long blobsRemoved, long bytesFreed) {
}
