package dev.sotbackup.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.StorageId;
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

    byte[] toJson() {
        ObjectNode node = Json.object();
        ArrayNode sup = node.putArray("supersedes");
        supersedes.forEach(id -> sup.add(id.toString()));
        ArrayNode packArray = node.putArray("packs");
        for (Map.Entry<StorageId, List<PackedBlob>> pack : packs.entrySet()) {
            ObjectNode packNode = packArray.addObject();
            packNode.put("id", pack.getKey().toString());
            ArrayNode blobs = packNode.putArray("blobs");
            for (PackedBlob blob : pack.getValue()) {
                ObjectNode b = blobs.addObject();
                b.put("id", blob.id().toString());
                b.put("type", blob.type().code());
                b.put("offset", blob.offset());
                b.put("length", blob.length());
                b.put("plain_length", blob.plainLength());
            }
        }
        return Json.write(node);
    }

    static IndexFile fromJson(byte[] json) throws CorruptObjectException {
        ObjectNode node = Json.readObject(json, "index");
        try {
            List<StorageId> supersedes = new ArrayList<>();
            JsonNode sup = node.get("supersedes");
            if (sup != null && sup.isArray()) {
                for (JsonNode id : sup) {
                    supersedes.add(StorageId.parse(id.asText()));
                }
            }
            Map<StorageId, List<PackedBlob>> packs = new LinkedHashMap<>();
            JsonNode packArray = node.get("packs");
            if (packArray == null || !packArray.isArray()) {
                throw new CorruptObjectException("index lacks the \"packs\" array");
            }
            for (JsonNode packNode : packArray) {
                StorageId packId = StorageId.parse(Json.text(packNode, "id", "index pack"));
                List<PackedBlob> blobs = new ArrayList<>();
                JsonNode blobArray = packNode.get("blobs");
                if (blobArray == null || !blobArray.isArray()) {
                    throw new CorruptObjectException("index pack " + packId + " lacks its \"blobs\" array");
                }
                for (JsonNode b : blobArray) {
                    BlobType type = BlobType.fromCode((int) Json.number(b, "type", "index blob"));
                    if (type == null) {
                        throw new CorruptObjectException("index blob has unknown type " + b.get("type"));
                    }
                    blobs.add(new PackedBlob(BlobId.parse(Json.text(b, "id", "index blob")), type,
                            Json.number(b, "offset", "index blob"),
                            Math.toIntExact(Json.number(b, "length", "index blob")),
                            Math.toIntExact(Json.number(b, "plain_length", "index blob"))));
                }
                packs.merge(packId, blobs, (a, c) -> {
                    List<PackedBlob> all = new ArrayList<>(a);
                    all.addAll(c);
                    return all;
                });
            }
            return new IndexFile(supersedes, packs);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CorruptObjectException("index has a malformed entry: " + e.getMessage());
        }
    }
}
