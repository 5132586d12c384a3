package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A buffered stream over part of a file read with positional reads, so that many of them can share one
 * {@link FileChannel} across threads without seeking it. Closing does not close the channel.
 */
final class ChannelInputStream extends InputStream {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();
    /** File position of the byte after the buffer's contents. */
    private long filePosition;

    ChannelInputStream(FileChannel channel, long start) {
        this.channel = channel;
        this.filePosition = start;
    }

    /** File position of the next byte {@link #read()} returns. */
    long position() {
        return filePosition - buffer.remaining();
    }

    @Override
    public int read() throws IOException {
        if (!buffer.hasRemaining() && !fill()) {
            return -1;
        }
        return buffer.get() & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!buffer.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    /** Skips exactly {@code n} bytes, or fails if the file ends first: used to step over chunk payloads. */
    void skipExactly(long n, String what) throws IOException {
        long target = position() + n;
        if (target > channel.size()) {
            throw ArchiveFormatException.truncated(what + " runs past the end of the file");
        }
        if (n <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) n);
        } else {
            buffer.clear().flip();
            filePosition = target;
        }
    }

    private boolean fill() throws IOException {
        buffer.clear();
        int n = channel.read(buffer, filePosition);
        buffer.flip();
        if (n <= 0) {
            return false;
        }
        filePosition += n;
        return true;
    }
}
