package dev.sotbackup.postgres.restore;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Cuts a TABLE DATA stream (COPY text format) into chunks of whole rows and stops at pg_dump's end-of-data
 * line {@code \.}. In COPY text every raw newline byte ends a row (a newline inside a value is the two
 * characters {@code \n}) and a literal backslash is always doubled, so a row that is exactly {@code \.} can only
 * be the terminator; what follows it (pg_dump writes {@code \.\n\n\n}) is not data and is dropped here rather
 * than sent to the server, which newer servers would reject.
 */
final class CopyChunkReader {

    private final InputStream in;
    private byte[] buffer;
    /** Bytes of the buffer holding data not yet returned (a partial row carried over from the last read). */
    private int length;
    private boolean endOfStream;
    private boolean endOfData;
    private long bytesReturned;

    CopyChunkReader(InputStream in, int chunkSize) {
        this.in = in;
        this.buffer = new byte[Math.max(chunkSize, 16)];
    }

    /** The next chunk of whole rows, or null once the data has ended. Never returns an empty chunk. */
    byte[] next() throws IOException {
        while (!endOfData) {
            fill();
            int cut = cutPoint();
            if (cut > 0) {
                byte[] chunk = Arrays.copyOf(buffer, cut);
                System.arraycopy(buffer, cut, buffer, 0, length - cut);
                length -= cut;
                bytesReturned += chunk.length;
                return chunk;
            }
            if (endOfData || endOfStream) {
                endOfData = true;
                return null;
            }
            buffer = Arrays.copyOf(buffer, buffer.length * 2); // one row longer than a chunk: read more of it
        }
        return null;
    }

    /** COPY data bytes returned so far. */
    long bytesReturned() {
        return bytesReturned;
    }

    private void fill() throws IOException {
        while (length < buffer.length && !endOfStream) {
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                endOfStream = true;
            } else {
                length += n;
            }
        }
    }

    /**
     * Where this chunk ends: after the last complete row, or before the terminator row (marking the end of data).
     * At the end of the stream a final row without a newline counts as complete. The buffer always starts at a
     * row start, and {@code \.} can only start a row as the terminator, so only backslashes are looked at one by
     * one (found eight bytes at a time); the last newline is then found from the end.
     */
    private int cutPoint() {
        for (int i = indexOf(BACKSLASHES, 0); i >= 0; i = indexOf(BACKSLASHES, i + 1)) {
            if ((i == 0 || buffer[i - 1] == '\n') && i + 1 < length && buffer[i + 1] == '.') {
                int end = i + 2 < length && buffer[i + 2] == '\r' ? i + 3 : i + 2;
                if (end < length && buffer[end] == '\n' || end == length && endOfStream) {
                    endOfData = true;
                    return i;
                }
                if (end >= length) {
                    return i; // "\." without its line end yet: the rows before it are complete
                }
            }
        }
        int last = length - 1;
        while (last >= 0 && buffer[last] != '\n') {
            last--;
        }
        int rowStart = last + 1;
        return endOfStream && rowStart < length ? length : rowStart;
    }

    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Index of the first byte equal to the byte repeated in {@code pattern} at or after {@code from}, or -1. */
    private int indexOf(long pattern, int from) {
        int i = from;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            long x = (long) LONGS.get(buffer, i) ^ pattern;
            long found = ~(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN); // high bit of each zero byte, exactly
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        byte wanted = (byte) pattern;
        for (; i < length; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

}
