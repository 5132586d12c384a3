package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Frames bytes as the custom format's chunks ({@code int length + bytes}, reference §5.2). Never emits an empty
 * chunk, since length 0 is the terminator; {@link #finish()} flushes the last chunk but writes no terminator,
 * and {@link #close()} leaves the underlying stream open.
 */
final class ChunkOutputStream extends OutputStream {

    private static final int CHUNK_SIZE = 128 * 1024;

    private final OutputStream out;
    private final byte[] buffer = new byte[CHUNK_SIZE];
    private int used;

    ChunkOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (used == buffer.length) {
            flushChunk();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        while (count > 0) {
            if (used == 0 && count >= buffer.length) {
                // Large writes go out as they are: no copy, and still never an empty chunk.
                writeChunk(bytes, offset, count);
                return;
            }
            int n = Math.min(count, buffer.length - used);
            System.arraycopy(bytes, offset, buffer, used, n);
            used += n;
            offset += n;
            count -= n;
            if (used == buffer.length) {
                flushChunk();
            }
        }
    }

    void finish() throws IOException {
        flushChunk();
    }

    private void flushChunk() throws IOException {
        if (used > 0) {
            writeChunk(buffer, 0, used);
            used = 0;
        }
    }

    private void writeChunk(byte[] bytes, int offset, int count) throws IOException {
        out.write(PrimitiveEncoder.encodeInt(count));
        out.write(bytes, offset, count);
    }

    @Override
    public void flush() {
        // Chunk boundaries are ours to choose; flushing the underlying stream is the caller's business.
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
