package dev.sotbackup.redis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What the expiry field of a stored key record means, by the component's {@code format}:
 * <ul>
 *   <li>{@value #ABSOLUTE} (written now): the key's expiry, milliseconds since the epoch on the source server's
 *       clock — a key restored a week later expires when the original would have;</li>
 *   <li>{@value #RELATIVE} (written by earlier versions): the time the key had left when it was read, which only
 *       means something together with the component's {@code captured_at}, the base it is converted with.</li>
 * </ul>
 *
 * @param base milliseconds added to a stored expiry: 0 for absolute expiries, the capture time for relative ones
 */
record ExpiryEncoding(long base) {

    static final String ABSOLUTE = "sot-redis-2";
    static final String RELATIVE = "sot-redis-1";
    static final ExpiryEncoding CURRENT = new ExpiryEncoding(0);

    /** The encoding of a component body; fails in one line for a format this version does not know. */
    static ExpiryEncoding of(JsonNode body, String label) throws IOException {
        String format = body.path("format").asText(RELATIVE);
        if (ABSOLUTE.equals(format)) {
            return CURRENT;
        }
        if (!RELATIVE.equals(format)) {
            throw new IOException("component " + label + " has Redis format " + format
                    + ", which this version cannot read");
        }
        try {
            return new ExpiryEncoding(Instant.parse(body.path("captured_at").asText()).toEpochMilli());
        } catch (DateTimeParseException e) {
            throw new IOException("component " + label + " has no valid captured_at, which its relative key"
                    + " expiries (format " + RELATIVE + ") need");
        }
    }

    /** The absolute expiry of a stored one; -1 (no expiry) stays -1. */
    long expireAt(long stored) {
        return stored < 0 ? KeyRecord.NO_EXPIRY : stored + base;
    }
}
