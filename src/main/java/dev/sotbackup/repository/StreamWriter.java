package dev.sotbackup.repository;

import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.chunker.ChunkingOutputStream;
import dev.sotbackup.repository.chunker.GearTable;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.pack.BlobType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream of a backup (a table's COPY text, a file): bytes are split into content-defined chunks and each
 * stored as a data blob. Not thread-safe (one writer per stream); several streams may be written at once.
 */
public final class StreamWriter extends OutputStream {
    private final ChunkingOutputStream chunker;
    private final List<BlobId> blobs = new ArrayList<>();
    private StreamResult result;

    StreamWriter(BackupSession session, ChunkerParams params, GearTable gear) {
        this.chunker = new ChunkingOutputStream(params, gear,
                chunk -> blobs.add(session.store(BlobType.DATA, chunk.data())));
    }

    @Override
    public void write(int b) throws IOException {
        chunker.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        chunker.write(b, off, len);
    }

    /** Stores the tail; the blobs may still be uploading (the session's commit waits for them). */
    @Override
    public void close() throws IOException {
        if (result == null) {
            chunker.close();
            result = new StreamResult(blobs, chunker.position()); // closed: every byte is in a chunk
        }
    }

    /** Closes the stream and returns its blobs in stream order. */
    public StreamResult finish() throws IOException {
        close();
        return result;
    }
}
