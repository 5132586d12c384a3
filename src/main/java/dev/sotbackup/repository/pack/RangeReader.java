package dev.sotbackup.repository.pack;

import java.io.IOException;
import java.util.Arrays;

/** Reads a byte range of one stored object, so a pack can be read by S3 range GETs as well as from memory. */
@FunctionalInterface
public interface RangeReader {
    /** Exactly {@code length} bytes at {@code offset}; fewer means the object is shorter than expected. */
    byte[] read(long offset, int length) throws IOException;

    static RangeReader of(byte[] object) {
        return (offset, length) -> {
            if (offset < 0 || length < 0 || offset + length > object.length) {
                throw new IOException("range " + offset + "+" + length + " is outside the object's "
                        + object.length + " bytes");
            }
            return Arrays.copyOfRange(object, (int) offset, (int) offset + length);
        };
    }
}
