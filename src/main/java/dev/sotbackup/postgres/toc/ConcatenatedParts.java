package dev.sotbackup.postgres.toc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** {@link DataPart#concatenation}: parts opened one at a time, in order, each closed before the next opens. */
final class ConcatenatedParts extends InputStream {

    private final List<DataPart> parts;
    /** Index of the next part to open. */
    private int next;
    private InputStream current;
    private boolean closed;

    ConcatenatedParts(List<DataPart> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public int read() throws IOException {
        while (advance()) {
            int b = current.read();
            if (b >= 0) {
                return b;
            }
            finishCurrent();
        }
        return -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (advance()) {
            int n = current.read(buffer, offset, length);
            if (n >= 0) {
                return n;
            }
            finishCurrent();
        }
        return -1;
    }

    /** Each part's own transferTo, so a part that hands over its buffers directly keeps doing so. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        long total = 0;
        while (advance()) {
            total += current.transferTo(out);
            finishCurrent();
        }
        return total;
    }

    /** Makes sure a part is open; false once every part has been read. */
    private boolean advance() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (current == null && next < parts.size()) {
            current = parts.get(next++).open();
        }
        return current != null;
    }

    private void finishCurrent() throws IOException {
        InputStream finished = current;
        current = null;
        finished.close();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            finishCurrent();
        }
    }
}
