package dev.sotbackup.repository;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.json.Json;
import java.io.IOException;

/** Reads the repository's decrypted documents (config, index, snapshot, lock) into their records. */
final class Documents {

    private Documents() {
    }

    /**
     * Reads a decrypted document as {@code type}; {@code what} names it in the error ("index", "snapshot"), which
     * says in one line where the document is wrong.
     */
    static <T> T read(byte[] json, Class<T> type, String what) throws CorruptObjectException {
        try {
            T value = Json.MAPPER.readValue(json, type);
            if (value == null) {
                throw new CorruptObjectException(what + " is not a JSON object");
            }
            return value;
        } catch (JsonMappingException e) {
            throw new CorruptObjectException(what + " is malformed" + at(e) + ": " + Json.reason(e));
        } catch (IOException e) {
            throw new CorruptObjectException(what + " is not valid JSON");
        }
    }

    /** " at components[0].data" — where in the document the mapping failed. */
    private static String at(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : " at " + path;
    }
}
