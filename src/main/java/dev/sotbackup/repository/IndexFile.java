package dev.sotbackup.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.json.Json;
import dev.sotbackup.repository.pack.BlobType;
import dev.sotbackup.repository.pack.PackedBlob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plaintext of one {@code index/<id>} object (format §6): packs with their blobs, and superseded indexes. */
record IndexFile(List<StorageId> supersedes, Map<StorageId, List<PackedBlob>> packs) {

    IndexFile {
        supersedes = List.copyOf(supersedes);
        packs = new LinkedHashMap<>(packs);
    }

    /** The document as format §6 writes it: packs as an array, each with its blobs. */
    record Document(List<StorageId> supersedes, @JsonProperty(required = true) List<Pack> packs) {
    }

    record Pack(@JsonProperty(required = true) StorageId id, @JsonProperty(required = true) List<Blob> blobs) {
    }

    /** A blob's index entry; {@code type} is the blob type's code. */
    record Blob(@JsonProperty(required = true) BlobId id, @JsonProperty(required = true) int type,
                @JsonProperty(required = true) long offset, @JsonProperty(required = true) int length,
                @JsonProperty(required = true) int plainLength) {
    }

    byte[] toJson() {
        List<Pack> packList = new ArrayList<>();
        packs.forEach((id, blobs) -> packList.add(new Pack(id, blobs.stream()
                .map(b -> new Blob(b.id(), b.type().code(), b.offset(), b.length(), b.plainLength())).toList())));
        return Json.write(new Document(supersedes, packList));
    }

    /** Reads an index file; a pack listed twice in it has the blobs of both listings. */
    static IndexFile fromJson(byte[] json) throws CorruptObjectException {
        Document document = Documents.read(json, Document.class, "index");
        Map<StorageId, List<PackedBlob>> packs = new LinkedHashMap<>();
        try {
            for (Pack pack : document.packs()) {
                List<PackedBlob> blobs = packs.computeIfAbsent(pack.id(), id -> new ArrayList<>());
                for (Blob b : pack.blobs()) {
                    BlobType type = BlobType.fromCode(b.type());
                    if (type == null) {
                        throw new CorruptObjectException("index blob has unknown type " + b.type());
                    }
                    blobs.add(new PackedBlob(b.id(), type, b.offset(), b.length(), b.plainLength()));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException("index has a malformed entry: " + e.getMessage());
        }
        return new IndexFile(document.supersedes() == null ? List.of() : document.supersedes(), packs);
    }
}
