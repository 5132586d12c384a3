package dev.sotbackup.redis;

import dev.sotbackup.repository.body.RedisBody;
import java.io.IOException;

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
    static ExpiryEncoding of(RedisBody body, String label) throws IOException {
        String format = body.format() == null ? RELATIVE : body.format();
        if (ABSOLUTE.equals(format)) {
            return CURRENT;
        }
        if (!RELATIVE.equals(format)) {
            throw new IOException("component " + label + " has Redis format " + format
                    + ", which this version cannot read");
        }
        if (body.capturedAt() == null) {
            throw new IOException("component " + label + " has no valid captured_at, which its relative key"
                    + " expiries (format " + RELATIVE + ") need");
        }
        return new ExpiryEncoding(body.capturedAt().toEpochMilli());
    }

    /** The absolute expiry of a stored one; -1 (no expiry) stays -1. */
    long expireAt(long stored) {
        return stored < 0 ? KeyRecord.NO_EXPIRY : stored + base;
    }
}
