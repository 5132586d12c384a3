package dev.sotbackup.repository;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.body.ComponentBody;
import dev.sotbackup.repository.body.UnknownBody;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.json.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * One captured store in a snapshot (format §7): its {@code name} and its {@link ComponentBody}, which says what
 * kind of store it is. In the manifest a component is one JSON object: {@code kind} and {@code name} first, then
 * the body's fields.
 */
public record Component(String name, ComponentBody body) {

    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
    }

    /** "postgres", "redis", "files", "objects", or a kind this version does not know. */
    public String kind() {
        return body.kind();
    }

    /** "kind/name", as listings show it. */
    public String label() {
        return kind() + "/" + name;
    }

    /** The body as {@code type}, when it is one: a known kind at a version this build reads. */
    public <B extends ComponentBody> Optional<B> body(Class<B> type) {
        return type.isInstance(body) ? Optional.of(type.cast(body)) : Optional.empty();
    }

    @JsonValue
    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("kind", kind());
        node.put("name", name);
        node.setAll(Json.tree(body));
        return node;
    }

    /**
     * Reads a component object: a body of a known kind with its record, unless its {@code version} is newer than
     * the record reads; anything else as an {@link UnknownBody}.
     */
    @JsonCreator
    static Component fromJson(ObjectNode node) throws CorruptObjectException {
        ObjectNode body = node.deepCopy();
        String kind = text(body.remove("kind"), "kind");
        String name = text(body.remove("name"), "name");
        Optional<ComponentBody.Type> type = ComponentBody.type(kind);
        if (type.isEmpty() || body.path("version").asInt(1) > type.get().version()) {
            return new Component(name, UnknownBody.of(kind, body));
        }
        try {
            return new Component(name, Json.MAPPER.treeToValue(body, type.get().record()));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new CorruptObjectException("component " + kind + "/" + name + " is malformed: "
                    + Json.reason(e));
        }
    }

    private static String text(JsonNode value, String field) throws CorruptObjectException {
        if (value == null || !value.isTextual()) {
            throw new CorruptObjectException("a component lacks the string field \"" + field + "\"");
        }
        return value.asText();
    }
}
