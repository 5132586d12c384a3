package dev.sotbackup.postgres.toc;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One independently producible slice of an entry's data stream. Concatenating an entry's parts in order
 * gives the whole stream (for TABLE DATA: COPY text, then the terminator {@code "\\.\n\n\n"}); parts of
 * one entry may be produced concurrently, which is how one huge table keeps several workers busy.
 */
public interface DataPart {

    /** Rough uncompressed size, used to start big parts first; 0 when unknown. */
    long sizeHint();

    /** Streams this part; never buffers a table in memory. */
    void writeTo(OutputStream out) throws IOException;
}
