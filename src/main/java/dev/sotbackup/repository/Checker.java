package dev.sotbackup.repository;

import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.KeyFile;
import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.crypto.StorageIds;
import dev.sotbackup.repository.pack.PackedBlob;
import dev.sotbackup.repository.pack.RangeReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code check} (format §9), reading the repository as it is on the store now (not the index the repository
 * loaded at open). Every problem is one line starting with the path of the object at fault.
 */
final class Checker {
    private final Repository repository;
    private final Backend backend;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Checker(Repository repository) {
        this.repository = repository;
        this.backend = repository.backend();
    }

    CheckReport run(boolean readData) throws IOException {
        List<String> all = backend.list("");
        Map<String, byte[]> documents = new LinkedHashMap<>();
        Map<StorageId, String> packNames = new LinkedHashMap<>();
        boolean hasConfig = false;
        for (String name : all) {
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
                } catch (dev.sotbackup.repository.backend.NoSuchObjectException e) {
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
        if (readData) {
            for (Map.Entry<StorageId, String> pack : packNames.entrySet()) {
                checkPack(pack.getKey(), pack.getValue(), index.packs().get(pack.getKey()));
            }
        }
        return new CheckReport(problems, notes, readData ? packNames.size() : 0, snapshots);
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
                referenced = ComponentKinds.referencedBy(Snapshot.fromJson(repository.envelope().decode(doc.getValue())));
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
