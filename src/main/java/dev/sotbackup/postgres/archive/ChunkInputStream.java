package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * The payload of a custom-format chunk sequence (reference §5.2): {@code int len} + bytes, repeated, ended by
 * {@code int 0}. Reads as the concatenation of the chunks. Closing does not close the underlying stream.
 */
final class ChunkInputStream extends InputStream {

    private final ChannelInputStream in;
    private final int intSize;
    private final String what;
    private long remainingInChunk;
    private boolean ended;

    ChunkInputStream(ChannelInputStream in, int intSize, String what) {
        this.in = in;
        this.intSize = intSize;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!nextChunkIfNeeded()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
        if (n < 0) {
            throw ArchiveFormatException.truncated("end of file inside a data chunk of " + what);
        }
        remainingInChunk -= n;
        return n;
    }

    /** Steps over whatever is left of the sequence, including its terminator, without reading payloads. */
    void skipRemaining() throws IOException {
        while (nextChunkIfNeeded()) {
            in.skipExactly(remainingInChunk, "a data chunk of " + what);
            remainingInChunk = 0;
        }
    }

    private boolean nextChunkIfNeeded() throws IOException {
        while (remainingInChunk == 0 && !ended) {
            int length = readInt(in, intSize, "chunk length of " + what);
            if (length < 0) {
                throw new ArchiveFormatException("data of " + what + " is corrupt: negative chunk length " + length);
            }
            if (length == 0) {
                ended = true;
            }
            remainingInChunk = length;
        }
        return !ended;
    }

    /** An int as {@link PrimitiveDecoder} reads it, straight from a data stream. */
    static int readInt(InputStream in, int intSize, String what) throws IOException {
        byte[] bytes = in.readNBytes(1 + intSize);
        if (bytes.length < 1 + intSize) {
            throw ArchiveFormatException.truncated("end of file while reading " + what);
        }
        return PrimitiveDecoder.decodeInt(bytes, what);
    }

    @Override
    public void close() {
        // The underlying file stream belongs to the reader that positioned it.
    }
}
