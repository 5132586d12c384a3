package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Adler32;
import java.util.zip.Deflater;

/**
 * Compresses one part as a raw-deflate segment that ends on a byte boundary (SYNC_FLUSH) without a final
 * block, so that segments compressed independently can be concatenated into one deflate stream. The
 * {@link ZlibFraming zlib header and trailer} go around the whole sequence. {@link #close()} does not close
 * the sink.
 */
final class DeflateSegmentOutputStream extends OutputStream {

    private final OutputStream sink;
    private final Deflater deflater;
    private final Adler32 adler = new Adler32();
    private final byte[] buffer = new byte[64 * 1024];
    private long length;
    private PartDigest digest;

    DeflateSegmentOutputStream(OutputStream sink, int level) {
        this.sink = sink;
        this.deflater = new Deflater(level, true);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        if (digest != null) {
            throw new IOException("segment already finished");
        }
        if (count == 0) {
            return;
        }
        adler.update(bytes, offset, count);
        length += count;
        deflater.setInput(bytes, offset, count);
        while (!deflater.needsInput()) {
            drain(Deflater.NO_FLUSH);
        }
    }

    /** Flushes the segment to a byte boundary and returns the digest of the uncompressed input. */
    PartDigest finish() throws IOException {
        if (digest == null) {
            try {
                int produced;
                do {
                    produced = drain(Deflater.SYNC_FLUSH);
                } while (produced == buffer.length);
                digest = new PartDigest(adler.getValue(), length);
            } finally {
                deflater.end();
            }
        }
        return digest;
    }

    private int drain(int flush) throws IOException {
        int produced = deflater.deflate(buffer, 0, buffer.length, flush);
        if (produced > 0) {
            sink.write(buffer, 0, produced);
        }
        return produced;
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
