package dev.sotbackup.postgres.script;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a script as raw byte lines split at '\n' (kept), like psql's fgets loop. Splitting bytes rather than
 * characters lets the script's encoding change mid-stream (SET client_encoding) and lets COPY data go to the
 * server without decoding; '\n' is never part of a multi-byte character in any client encoding PostgreSQL
 * supports. A '\r' stays part of the line: inside quoted strings it is data.
 */
final class ScriptLineReader {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[1 << 12];
    private int lineLength;
    private long lineNumber;
    private long bytesRead;

    ScriptLineReader(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; false at end of input. */
    boolean next() throws IOException {
        lineLength = 0;
        while (true) {
            if (position == limit) {
                int n = in.read(buffer);
                if (n < 0) {
                    if (lineLength > 0) {
                        lineNumber++;
                        return true;
                    }
                    return false;
                }
                position = 0;
                limit = n;
                bytesRead += n;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            boolean complete = position < limit;
            if (complete) {
                position++; // keep the newline
            }
            append(start, position);
            if (complete) {
                lineNumber++;
                return true;
            }
        }
    }

    private void append(int from, int to) {
        int count = to - from;
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(buffer, from, line, lineLength, count);
        lineLength += count;
    }

    /** The current line's bytes, valid until the next call to {@link #next}; see {@link #length}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return lineLength;
    }

    /** 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** Whether the current line is the COPY end marker "\." (with an optional CR before the newline). */
    boolean isEndOfCopy() {
        int n = lineLength;
        if (n > 0 && line[n - 1] == '\n') {
            n--;
        }
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return n == 2 && line[0] == '\\' && line[1] == '.';
    }
}
