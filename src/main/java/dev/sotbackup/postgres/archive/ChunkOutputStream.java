package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Frames bytes as the custom format's chunks ({@code int length + bytes}, reference §5.2). Never emits an empty
 * chunk, since length 0 is the terminator; {@link #finish()} flushes the last chunk but writes no terminator,
 * and {@link #close()} leaves the underlying stream open.
 */
final class ChunkOutputStream extends BlockOutputStream {

    private static final int CHUNK_SIZE = 128 * 1024;

    private final OutputStream out;

    ChunkOutputStream(OutputStream out) {
        // Chunks may be of any length: large writes go out as they are, uncopied.
        super(CHUNK_SIZE, true);
        this.out = out;
    }

    void finish() throws IOException {
        flushBlock();
    }

    @Override
    void writeBlock(byte[] bytes, int offset, int count) throws IOException {
        out.write(PrimitiveEncoder.encodeInt(count));
        out.write(bytes, offset, count);
    }

    @Override
    public void flush() {
        // Chunk boundaries are ours to choose; flushing the underlying stream is the caller's business.
    }
}
