package dev.sotbackup.repository;

import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.pack.PackedBlob;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory union of the live index files (format §6): blob → location, and each pack's blob list.
 * Thread-safe: backup sessions add packs while readers look blobs up. A blob stored in several packs (two
 * concurrent backups wrote the same chunk) is looked up at the first location added.
 */
public final class RepositoryIndex {
    private final Map<BlobId, BlobLocation> blobs = new ConcurrentHashMap<>();
    private final Map<StorageId, List<PackedBlob>> packs = new ConcurrentHashMap<>();
    private final Set<StorageId> indexFiles = ConcurrentHashMap.newKeySet();

    void addPack(StorageId pack, List<PackedBlob> packBlobs) {
        if (packs.putIfAbsent(pack, List.copyOf(packBlobs)) != null) {
            return; // listed by two index files (a resumed pack): identical content, nothing new
        }
        for (PackedBlob blob : packBlobs) {
            blobs.putIfAbsent(blob.id(), new BlobLocation(pack, blob));
        }
    }

    void addIndexFile(StorageId id, IndexFile file) {
        indexFiles.add(id);
        file.packs().forEach(this::addPack);
    }

    public boolean contains(BlobId id) {
        return blobs.containsKey(id);
    }

    /** The blob's location, or null. */
    public BlobLocation lookup(BlobId id) {
        return blobs.get(id);
    }

    public boolean containsPack(StorageId pack) {
        return packs.containsKey(pack);
    }

    public Map<StorageId, List<PackedBlob>> packs() {
        return Map.copyOf(packs);
    }

    public Collection<BlobLocation> blobs() {
        return List.copyOf(blobs.values());
    }

    public int blobCount() {
        return blobs.size();
    }

    /** Ids of the index files loaded or written (the live ones: superseded files are not loaded). */
    public Set<StorageId> indexFiles() {
        return Set.copyOf(indexFiles);
    }
}
