package dev.sotbackup.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import java.io.IOException;

/** The one Jackson mapper of the repository documents (config, index, snapshot, lock). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }

    /** Parses a decrypted document; {@code what} names it in the error ("index", "snapshot"). */
    static ObjectNode readObject(byte[] json, String what) throws CorruptObjectException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new CorruptObjectException(what + " is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new CorruptObjectException(what + " is not valid JSON");
        }
    }

    static String text(JsonNode node, String field, String what) throws CorruptObjectException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new CorruptObjectException(what + " lacks the string field \"" + field + "\"");
        }
        return value.asText();
    }

    static long number(JsonNode node, String field, String what) throws CorruptObjectException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new CorruptObjectException(what + " lacks the integer field \"" + field + "\"");
        }
        return value.longValue();
    }
}
