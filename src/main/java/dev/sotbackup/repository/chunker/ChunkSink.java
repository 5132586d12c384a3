package dev.sotbackup.repository.chunker;

import java.io.IOException;

/** Receives chunks in stream order; may block (back-pressure) and may fail with an I/O error. */
@FunctionalInterface
public interface ChunkSink {
    void accept(Chunk chunk) throws IOException;
}
