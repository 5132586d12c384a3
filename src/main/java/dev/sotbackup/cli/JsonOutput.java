package dev.sotbackup.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sotbackup.repository.json.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The {@code --json} output of the commands: one JSON document on one line, written from a record of the command
 * (or the engine's result) with the repository's one Jackson configuration — snake_case names, null fields left
 * out unless a component says {@code @JsonInclude(ALWAYS)} (where the output has always shown {@code null}),
 * fields in record component order.
 */
final class JsonOutput {

    private JsonOutput() {
    }

    static void print(PrintWriter out, Object document) {
        try {
            out.println(Json.MAPPER.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
