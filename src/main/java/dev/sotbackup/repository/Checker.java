package dev.sotbackup.repository;

import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.backend.NoSuchObjectException;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.KeyFile;
import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.crypto.StorageIds;
import dev.sotbackup.repository.pack.PackReader;
import dev.sotbackup.repository.pack.PackedBlob;
import dev.sotbackup.repository.pack.RangeReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * {@code check} (format §9), reading the repository as it is on the store now (not the index the repository
 * loaded at open). Every problem is one line starting with the path of the object at fault.
 */
final class Checker {
    /** The size check reads 4 bytes per pack: latency-bound on S3, so several at once. */
    private static final int SIZE_CHECK_THREADS = 8;

    private final Repository repository;
    private final Backend backend;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Checker(Repository repository) {
        this.repository = repository;
        this.backend = repository.backend();
    }

    CheckReport run(DataSubset readData) throws IOException {
        SortedMap<String, Long> all = backend.listWithSizes("");
        Map<String, byte[]> documents = new LinkedHashMap<>();
        Map<StorageId, String> packNames = new LinkedHashMap<>();
        boolean hasConfig = false;
        for (String name : all.keySet()) {
            if (name.equals(ObjectPaths.CONFIG)) {
                hasConfig = true;
            } else if (name.startsWith(ObjectPaths.DATA)) {
                StorageId id = ObjectPaths.idOf(name);
                if (id == null || !name.equals(ObjectPaths.pack(id))) {
                    problems.add(name + ": not a pack name (data/<first two hex digits>/<64 hex digits>)");
                } else {
                    packNames.put(id, name);
                }
            } else if (name.startsWith(ObjectPaths.KEYS) || name.startsWith(ObjectPaths.INDEX)
                    || name.startsWith(ObjectPaths.SNAPSHOTS) || name.startsWith(ObjectPaths.LOCKS)) {
                StorageId id = ObjectPaths.idOf(name);
                if (id == null || name.indexOf('/') != name.lastIndexOf('/')) {
                    problems.add(name + ": not an object name (<directory>/<64 hex digits>)");
                    continue;
                }
                byte[] bytes;
                try {
                    bytes = backend.get(name);
                } catch (NoSuchObjectException e) {
                    continue; // a lock released or refreshed meanwhile
                }
                if (!StorageIds.of(bytes).equals(id)) {
                    problems.add(name + ": content does not match its name (SHA-256 is " + StorageIds.of(bytes) + ")");
                }
                documents.put(name, bytes);
            } else {
                notes.add(name + ": not a repository object; ignored");
            }
        }
        if (!hasConfig) {
            problems.add("config: missing");
        } else {
            try {
                RepositoryConfig.fromJson(repository.envelope().decode(backend.get(ObjectPaths.CONFIG)));
            } catch (CorruptObjectException e) {
                problems.add("config: does not decode: " + e.getMessage());
            }
        }
        for (Map.Entry<String, byte[]> doc : documents.entrySet()) {
            if (doc.getKey().startsWith(ObjectPaths.KEYS)) {
                try {
                    KeyFile.info(doc.getValue());
                } catch (CorruptObjectException e) {
                    problems.add(doc.getKey() + ": " + e.getMessage());
                }
            }
        }

        // The index as the store holds it now: union of decodable index files minus superseded ones.
        Map<String, IndexFile> indexFiles = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> doc : documents.entrySet()) {
            if (doc.getKey().startsWith(ObjectPaths.INDEX)) {
                try {
                    indexFiles.put(doc.getKey(), IndexFile.fromJson(repository.envelope().decode(doc.getValue())));
                } catch (CorruptObjectException e) {
                    problems.add(doc.getKey() + ": does not decode: " + e.getMessage());
                }
            }
        }
        Set<StorageId> superseded = new HashSet<>();
        indexFiles.values().forEach(f -> superseded.addAll(f.supersedes()));
        RepositoryIndex index = new RepositoryIndex();
        Map<StorageId, String> indexOfPack = new HashMap<>();
        for (Map.Entry<String, IndexFile> f : indexFiles.entrySet()) {
            StorageId id = ObjectPaths.idOf(f.getKey());
            if (!superseded.contains(id)) {
                index.addIndexFile(id, f.getValue());
                f.getValue().packs().keySet().forEach(p -> indexOfPack.putIfAbsent(p, f.getKey()));
            }
        }
        for (StorageId pack : index.packs().keySet()) {
            if (!packNames.containsKey(pack)) {
                problems.add(ObjectPaths.pack(pack) + ": missing, but " + indexOfPack.get(pack) + " lists it");
            }
        }
        List<StorageId> unindexed = packNames.keySet().stream().filter(p -> !index.containsPack(p)).toList();

        int snapshots = checkSnapshots(documents, index, unindexed);
        for (StorageId pack : unindexed) {
            notes.add(packNames.get(pack) + ": no index lists this pack (an interrupted backup); the next backup"
                    + " reuses it, prune removes it");
        }
        int sized = checkSizes(index, packNames, all);
        List<StorageId> read = readData.select(packNames.keySet());
        Map<StorageId, List<PackedBlob>> indexed = index.packs();
        for (StorageId pack : read) {
            checkPack(pack, packNames.get(pack), indexed.get(pack));
        }
        return new CheckReport(problems, notes, sized, read.size(), snapshots);
    }

    /**
     * Compares the size the store lists for each indexed pack with the size its index entries imply: its blobs
     * end where the header starts, and the header is as long as the pack's last 4 bytes say (restic compares
     * sizes too; our headers are compressed, hence the one small read). Finds truncated and appended-to packs
     * without reading them. Returns how many packs were compared.
     */
    private int checkSizes(RepositoryIndex index, Map<StorageId, String> packNames, SortedMap<String, Long> sizes)
            throws IOException {
        Map<StorageId, List<PackedBlob>> indexed = index.packs();
        List<StorageId> present = indexed.keySet().stream().filter(packNames::containsKey)
                .sorted(Comparator.comparing(StorageId::toString)).toList();
        problems.addAll(Parallel.map(SIZE_CHECK_THREADS, "sot-check-size", present, id -> {
            String name = packNames.get(id);
            long blobBytes = indexed.get(id).stream().mapToLong(b -> b.offset() + b.length()).max().orElse(0);
            return sizeProblem(id, name, sizes.get(name), blobBytes);
        }));
        return present.size();
    }

    /** The problem line of a pack whose size differs from what its index entries imply, or null. */
    private String sizeProblem(StorageId id, String name, long size, long blobBytes) throws IOException {
        if (size < blobBytes + PackReader.MINIMUM_TRAILER_BYTES) {
            return name + ": truncated: " + size + " bytes, but the index places blobs up to byte " + blobBytes
                    + " and a header after them";
        }
        try {
            long expected = repository.packReader().expectedSize(id, size, blobBytes,
                    (offset, length) -> backend.getRange(name, offset, length));
            return expected == size ? null : name + ": " + size + " bytes, but its indexed blobs (up to byte "
                    + blobBytes + ") and the header length it ends with make " + expected;
        } catch (NoSuchObjectException e) {
            return name + ": missing, but the index lists it (deleted while check ran)";
        } catch (CorruptObjectException e) {
            return name + ": " + e.getMessage();
        }
    }

    private int checkSnapshots(Map<String, byte[]> documents, RepositoryIndex index, List<StorageId> unindexed)
            throws IOException {
        Set<BlobId> inUnindexedPacks = null;
        int checked = 0;
        for (Map.Entry<String, byte[]> doc : documents.entrySet()) {
            if (!doc.getKey().startsWith(ObjectPaths.SNAPSHOTS)) {
                continue;
            }
            Set<BlobId> referenced;
            try {
                referenced = Snapshot.fromJson(repository.envelope().decode(doc.getValue())).blobs();
            } catch (CorruptObjectException e) {
                problems.add(doc.getKey() + ": does not decode: " + e.getMessage());
                continue;
            }
            checked++;
            List<BlobId> missing = referenced.stream().filter(id -> !index.contains(id)).toList();
            if (missing.isEmpty()) {
                continue;
            }
            if (inUnindexedPacks == null) {
                inUnindexedPacks = blobsOf(unindexed);
            }
            Set<BlobId> known = inUnindexedPacks;
            List<BlobId> lost = missing.stream().filter(id -> !known.contains(id)).toList();
            if (!lost.isEmpty()) {
                problems.add(doc.getKey() + ": references " + lost.size() + " blobs that no index lists and no"
                        + " pack holds (first: " + lost.getFirst() + ")");
            }
            if (lost.size() < missing.size()) {
                // The data is there; the cause (an index that does not decode) is reported on its own line.
                notes.add(doc.getKey() + ": " + (missing.size() - lost.size()) + " referenced blobs are only in"
                        + " packs that no index lists");
            }
        }
        return checked;
    }

    private Set<BlobId> blobsOf(List<StorageId> packs) throws IOException {
        Set<BlobId> ids = new HashSet<>();
        for (StorageId pack : packs) {
            String name = ObjectPaths.pack(pack);
            try {
                repository.packReader().readHeader(pack, backend.size(name),
                        (offset, length) -> backend.getRange(name, offset, length))
                        .forEach(b -> ids.add(b.id()));
            } catch (CorruptObjectException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        return ids;
    }

    private void checkPack(StorageId id, String name, List<PackedBlob> indexed) throws IOException {
        byte[] bytes = backend.get(name);
        if (!StorageIds.of(bytes).equals(id)) {
            problems.add(name + ": content does not match its name (SHA-256 is " + StorageIds.of(bytes) + ")");
        }
        List<PackedBlob> header;
        try {
            header = repository.packReader().readHeader(id, bytes.length, RangeReader.of(bytes));
        } catch (CorruptObjectException e) {
            problems.add(name + ": " + e.getMessage());
            header = null;
        }
        if (indexed != null && header != null && !new HashSet<>(header).equals(new HashSet<>(indexed))) {
            problems.add(name + ": its header lists " + header.size() + " blobs that differ from the "
                    + indexed.size() + " the index lists");
        }
        List<PackedBlob> blobs = header != null ? header : indexed != null ? indexed : List.of();
        for (PackedBlob blob : blobs) {
            if (blob.offset() + blob.length() > bytes.length) {
                problems.add(name + ": blob " + blob.id() + " lies beyond the pack's end");
                continue;
            }
            byte[] stored = java.util.Arrays.copyOfRange(bytes, (int) blob.offset(),
                    (int) (blob.offset() + blob.length()));
            try {
                repository.packReader().decodeBlob(id, blob, stored);
            } catch (CorruptObjectException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
    }
}
