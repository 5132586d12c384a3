package dev.sotbackup.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One captured store in a snapshot (format §7): its {@code kind} ("postgres", …), its {@code name}, and the
 * rest of its JSON object, which only the module of that kind interprets. The repository finds the blobs a
 * body references through {@link BlobReferences}.
 */
public record Component(String kind, String name, JsonNode body) {
    public Component {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        body = body == null ? Json.object() : body.deepCopy();
        if (!body.isObject()) {
            throw new IllegalArgumentException("component body must be a JSON object");
        }
    }

    @Override
    public JsonNode body() {
        return body.deepCopy();
    }

    /** "kind/name", as listings show it. */
    public String label() {
        return kind + "/" + name;
    }

    /** The component's JSON object: kind and name first, then the body's fields. */
    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("kind", kind);
        node.put("name", name);
        body.properties().forEach(e -> {
            if (!e.getKey().equals("kind") && !e.getKey().equals("name")) {
                node.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return node;
    }

    static Component fromJson(JsonNode node) {
        ObjectNode body = node.deepCopy();
        String kind = body.path("kind").asText("");
        String name = body.path("name").asText("");
        body.remove("kind");
        body.remove("name");
        return new Component(kind, name, body);
    }
}
