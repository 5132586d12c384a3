package dev.sotbackup.postgres.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Hands a stream to code we do not control (a DataPart) without letting it close or finish what belongs to
 * the writer: close() only flushes.
 */
final class UncloseableOutputStream extends FilterOutputStream {

    UncloseableOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
