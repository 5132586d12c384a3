package dev.sotbackup.repository;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Lists the blobs a component body references, so that {@code check} can verify them and {@code prune} keep
 * them. A component kind may register its own ({@link ComponentKinds#register}); every kind without one uses
 * {@link #GENERIC}, the rule of format §7: every string in an array under a key named {@code blobs} or
 * {@code toc}, at any depth, is a blob id.
 */
@FunctionalInterface
public interface BlobReferences {

    Set<BlobId> referencedBy(JsonNode body) throws CorruptObjectException;

    BlobReferences GENERIC = body -> {
        Set<BlobId> ids = new LinkedHashSet<>();
        collect(body, ids);
        return ids;
    };

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
