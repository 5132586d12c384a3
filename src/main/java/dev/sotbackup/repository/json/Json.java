package dev.sotbackup.repository.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one Jackson configuration of the repository's documents — config, key files, index, snapshots with their
 * component bodies and TOCs, locks — so that each is a record read back by the same record that wrote it:
 * <ul>
 *   <li>names are snake_case ({@code plain_length}, {@code captured_at}) unless a record says otherwise;</li>
 *   <li>null fields are left out, which is how the format marks optional facts as absent;</li>
 *   <li>fields a reader does not know are ignored, so a newer writer's additions do not break older readers;</li>
 *   <li>instants are ISO-8601 strings, as {@link Instant#toString} writes them (ids, being strings too, say so
 *       themselves).</li>
 * </ul>
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("sot-backup")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, new InstantDeserializer()))
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A document as the JSON object it is written as. */
    public static ObjectNode tree(Object document) {
        return MAPPER.valueToTree(document);
    }

    /** A document as its JSON bytes. */
    public static byte[] write(Object document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + document.getClass().getSimpleName(), e);
        }
    }

    /** Jackson's reason in one line, without the location and excerpt of the input it appends. */
    public static String reason(Throwable e) {
        Throwable cause = e.getCause() != null && !(e.getCause() instanceof com.fasterxml.jackson.core.JacksonException)
                ? e.getCause() : e;
        String message = cause instanceof com.fasterxml.jackson.core.JacksonException jackson
                ? jackson.getOriginalMessage() : cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.strip().lines().findFirst().orElse("");
    }

    /** An ISO-8601 instant; anything else is a malformed document. */
    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            try {
                return Instant.parse(text == null ? "" : text);
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
            }
        }
    }
}
