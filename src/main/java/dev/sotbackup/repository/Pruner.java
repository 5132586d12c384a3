package dev.sotbackup.repository;

import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.backend.NoSuchObjectException;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.pack.FinishedPack;
import dev.sotbackup.repository.pack.PackWriter;
import dev.sotbackup.repository.pack.PackedBlob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code prune}, under an exclusive lock. Order makes every crash point safe: new packs first (unindexed
 * until the next step, so harmless), then ONE index superseding all existing ones, then the old index files,
 * then the old packs. Before the new index exists the old ones describe everything; after it, it alone does,
 * and the packs it no longer lists are garbage whether or not their deletion happened.
 */
final class Pruner {
    /** Packs with less than this share of used bytes are rewritten. */
    static final double REPACK_BELOW = 0.8;

    private final Repository repository;
    private final Backend backend;

    Pruner(Repository repository) {
        this.repository = repository;
        this.backend = repository.backend();
    }

    PruneResult run() throws IOException {
        List<String> packNames = backend.list(ObjectPaths.DATA);
        List<String> indexNames = backend.list(ObjectPaths.INDEX);
        repository.reloadIndex();
        if (!repository.indexProblems().isEmpty()) {
            throw new RepositoryException("refusing to prune: " + repository.indexProblems().getFirst()
                    + " (run check)");
        }
        RepositoryIndex index = repository.index();

        // Used blobs, each at the one location the index resolves it to.
        Map<StorageId, List<PackedBlob>> usedByPack = new HashMap<>();
        Set<BlobId> used = new HashSet<>();
        for (Map.Entry<SnapshotId, Snapshot> snapshot : repository.loadAllSnapshots().entrySet()) {
            for (BlobId id : snapshot.getValue().blobs()) {
                BlobLocation location = index.lookup(id);
                if (location == null) {
                    throw new RepositoryException("refusing to prune: " + ObjectPaths.snapshot(snapshot.getKey().id())
                            + " references blob " + id + " that no index lists (run check)");
                }
                if (used.add(id)) {
                    usedByPack.computeIfAbsent(location.pack(), p -> new ArrayList<>()).add(location.blob());
                }
            }
        }

        Map<StorageId, List<PackedBlob>> keep = new LinkedHashMap<>();
        List<StorageId> repack = new ArrayList<>();
        List<StorageId> delete = new ArrayList<>();
        long blobsRemoved = 0;
        for (Map.Entry<StorageId, List<PackedBlob>> pack : index.packs().entrySet()) {
            List<PackedBlob> usedHere = usedByPack.getOrDefault(pack.getKey(), List.of());
            long total = pack.getValue().stream().mapToLong(PackedBlob::length).sum();
            long usedBytes = usedHere.stream().mapToLong(PackedBlob::length).sum();
            if (usedHere.isEmpty()) {
                delete.add(pack.getKey());
                blobsRemoved += pack.getValue().size();
            } else if (usedBytes < REPACK_BELOW * total) {
                repack.add(pack.getKey());
                blobsRemoved += pack.getValue().size() - usedHere.size();
            } else {
                keep.put(pack.getKey(), pack.getValue());
            }
        }
        List<String> unindexed = packNames.stream()
                .filter(n -> ObjectPaths.idOf(n) != null && !index.containsPack(ObjectPaths.idOf(n)))
                .toList();
        if (delete.isEmpty() && repack.isEmpty() && unindexed.isEmpty()) {
            return new PruneResult(0, 0, 0, 0, 0, 0);
        }

        Map<StorageId, List<PackedBlob>> written = copyUsedBlobs(repack, usedByPack);
        Map<StorageId, List<PackedBlob>> newPacks = new LinkedHashMap<>(keep);
        newPacks.putAll(written);
        List<StorageId> supersedes = indexNames.stream().map(ObjectPaths::idOf).filter(id -> id != null).toList();
        StorageId newIndex = repository.writeIndex(new IndexFile(supersedes, newPacks));

        for (String name : indexNames) {
            if (!name.equals(ObjectPaths.index(newIndex))) {
                backend.delete(name);
            }
        }
        long freed = 0;
        List<String> doomed = new ArrayList<>();
        delete.forEach(p -> doomed.add(ObjectPaths.pack(p)));
        repack.forEach(p -> doomed.add(ObjectPaths.pack(p)));
        doomed.addAll(unindexed);
        for (String name : doomed) {
            freed += sizeOrZero(name);
            backend.delete(name);
        }
        for (StorageId pack : written.keySet()) {
            freed -= sizeOrZero(ObjectPaths.pack(pack));
        }
        repository.reloadIndex();
        return new PruneResult(delete.size(), repack.size(), written.size(), unindexed.size(), blobsRemoved, freed);
    }

    /** Copies the used blobs of {@code packs} into new packs, verifying each: prune never copies corruption. */
    private Map<StorageId, List<PackedBlob>> copyUsedBlobs(List<StorageId> packs,
                                                           Map<StorageId, List<PackedBlob>> usedByPack)
            throws IOException {
        Map<StorageId, List<PackedBlob>> written = new LinkedHashMap<>();
        PackWriter writer = null;
        for (StorageId pack : packs) {
            String name = ObjectPaths.pack(pack);
            for (PackedBlob blob : usedByPack.get(pack)) {
                byte[] stored = backend.getRange(name, blob.offset(), blob.length());
                try {
                    repository.packReader().decodeBlob(pack, blob, stored);
                } catch (CorruptObjectException e) {
                    throw new RepositoryException("refusing to prune: " + name + ": " + e.getMessage());
                }
                if (writer == null) {
                    writer = new PackWriter(repository.envelope(), repository.packTargetSize());
                }
                writer.addEncoded(blob.type(), blob.id(), stored, blob.plainLength());
                if (writer.isFull()) {
                    upload(writer.finish(), written);
                    writer = null;
                }
            }
        }
        if (writer != null && !writer.isEmpty()) {
            upload(writer.finish(), written);
        }
        return written;
    }

    private void upload(FinishedPack pack, Map<StorageId, List<PackedBlob>> written) throws IOException {
        backend.put(ObjectPaths.pack(pack.id()), pack.bytes());
        written.put(pack.id(), pack.blobs());
    }

    private long sizeOrZero(String name) throws IOException {
        try {
            return backend.size(name);
        } catch (NoSuchObjectException e) {
            return 0;
        }
    }
}
