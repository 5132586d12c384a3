package dev.sotbackup.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.crypto.BlobId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One object of a bucket component: its key relative to the prefix, the headers a restore puts back, the
 * facts for listings (ETag, last-modified) and the data blobs whose concatenation is its content.
 * Optional headers are null when the object had none.
 */
public record StoredObject(String key, long size, String etag, String lastModified, String contentType,
                           String contentEncoding, String cacheControl, String contentDisposition,
                           Map<String, String> metadata, List<BlobId> blobs) {

    public StoredObject {
        metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
        blobs = List.copyOf(blobs);
    }

    @Override
    public Map<String, String> metadata() {
        return new LinkedHashMap<>(metadata);
    }

    void writeTo(ObjectNode node) {
        node.put("key", key);
        node.put("size", size);
        putIfPresent(node, "etag", etag);
        putIfPresent(node, "last_modified", lastModified);
        putIfPresent(node, "content_type", contentType);
        putIfPresent(node, "content_encoding", contentEncoding);
        putIfPresent(node, "cache_control", cacheControl);
        putIfPresent(node, "content_disposition", contentDisposition);
        ObjectNode meta = node.putObject("metadata");
        metadata.forEach(meta::put);
        var array = node.putArray("blobs");
        blobs.forEach(b -> array.add(b.toString()));
    }

    static StoredObject from(JsonNode node) {
        Map<String, String> metadata = new TreeMap<>();
        node.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        List<BlobId> blobs = new ArrayList<>();
        node.path("blobs").forEach(b -> blobs.add(BlobId.parse(b.asText())));
        return new StoredObject(node.path("key").asText(), node.path("size").asLong(), text(node, "etag"),
                text(node, "last_modified"), text(node, "content_type"), text(node, "content_encoding"),
                text(node, "cache_control"), text(node, "content_disposition"), metadata, blobs);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
