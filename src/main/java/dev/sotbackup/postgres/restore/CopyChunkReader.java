package dev.sotbackup.postgres.restore;

import java.io.IOException;
import java.io.InputStream;
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
     * At the end of the stream a final row without a newline counts as complete.
     */
    private int cutPoint() {
        int rowStart = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                if (isTerminator(rowStart, i)) {
                    endOfData = true;
                    return rowStart;
                }
                rowStart = i + 1;
            }
        }
        if (endOfStream && rowStart < length) {
            if (isTerminator(rowStart, length)) {
                endOfData = true;
                return rowStart;
            }
            return length;
        }
        return rowStart;
    }

    /** Row [start, end) is {@code \.} (or {@code \.\r}, as a script edited on Windows would have it). */
    private boolean isTerminator(int start, int end) {
        int n = end - start;
        return (n == 2 || n == 3 && buffer[start + 2] == '\r') && buffer[start] == '\\' && buffer[start + 1] == '.';
    }
}
