package dev.sotbackup.repository.body;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The body of a component this version cannot interpret: a kind it does not know, or a body version newer than
 * its record reads. It is kept as written, and its blobs are found by the format's generic rule (§7): every string
 * in an array that is the value of a key named {@code blobs} or {@code toc}, at any depth, is a blob id.
 *
 * @param json the body's fields as written (without {@code kind} and {@code name})
 */
public record UnknownBody(String kind, @JsonValue ObjectNode json, Set<BlobId> blobs) implements ComponentBody {

    public UnknownBody {
        json = json.deepCopy();
        blobs = Collections.unmodifiableSet(new LinkedHashSet<>(blobs));
    }

    /** Keeps {@code json} as the body of a {@code kind} component, finding its blobs. */
    public static UnknownBody of(String kind, ObjectNode json) throws CorruptObjectException {
        Set<BlobId> ids = new LinkedHashSet<>();
        collect(json, ids);
        return new UnknownBody(kind, json, ids);
    }

    @Override
    public ObjectNode json() {
        return json.deepCopy();
    }

    @Override
    public int version() {
        return Copies.version(json.path("version").asInt(1));
    }

    private static void collect(JsonNode node, Set<BlobId> ids) throws CorruptObjectException {
        if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, ids);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                if ((key.equals("blobs") || key.equals("toc")) && field.getValue().isArray()) {
                    for (JsonNode id : field.getValue()) {
                        if (!id.isTextual()) {
                            throw new CorruptObjectException("\"" + key + "\" holds a non-string " + id.getNodeType());
                        }
                        try {
                            ids.add(BlobId.parse(id.asText()));
                        } catch (IllegalArgumentException e) {
                            throw new CorruptObjectException("\"" + key + "\" holds a malformed blob id");
                        }
                    }
                } else {
                    collect(field.getValue(), ids);
                }
            }
        }
    }
}
