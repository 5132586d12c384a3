package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Hands the bytes written to it on in blocks of a fixed size, the last one shorter and none empty: what the custom
 * format's data chunks and a plain script's {@code lowrite} calls both are. {@link #close()} hands on the last
 * block; whatever the blocks go to stays open.
 */
abstract class BlockOutputStream extends OutputStream {

    private final byte[] buffer;
    private final boolean largeWritesWhole;
    private int used;

    /**
     * @param largeWritesWhole whether a write of at least a whole block that arrives while nothing is buffered goes
     *                         on as one block as it is, uncopied: for formats whose blocks may be of any length
     */
    BlockOutputStream(int blockSize, boolean largeWritesWhole) {
        this.buffer = new byte[blockSize];
        this.largeWritesWhole = largeWritesWhole;
    }

    /** Hands on one block: {@code length} bytes, never zero, of {@code bytes} from {@code offset}. */
    abstract void writeBlock(byte[] bytes, int offset, int length) throws IOException;

    @Override
    public final void write(int b) throws IOException {
        buffer[used++] = (byte) b;
        if (used == buffer.length) {
            flushBlock();
        }
    }

    @Override
    public final void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (largeWritesWhole && used == 0 && length >= buffer.length) {
                writeBlock(bytes, offset, length);
                return;
            }
            int n = Math.min(length, buffer.length - used);
            System.arraycopy(bytes, offset, buffer, used, n);
            used += n;
            offset += n;
            length -= n;
            if (used == buffer.length) {
                flushBlock();
            }
        }
    }

    /** Hands on what is buffered, if anything, as a block. */
    final void flushBlock() throws IOException {
        if (used > 0) {
            writeBlock(buffer, 0, used);
            used = 0;
        }
    }

    @Override
    public void close() throws IOException {
        flushBlock();
    }
}
