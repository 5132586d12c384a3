package dev.sotbackup.postgres.toc;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A readable archive: its TOC and, for each data entry, its decompressed stream. Implemented by the archive
 * readers (custom, directory, tar) and consumed by the restore engine; the repository will implement it too.
 * Streams of different entries may be open at the same time on different threads when
 * {@link #supportsConcurrentReads()} says so.
 */
public interface ArchiveContents extends Closeable {

    Toc toc();

    /** The entry's data as pg_dump stored it, decompressed: COPY text ending in {@code "\\.\n\n\n"}. */
    InputStream openData(TocEntry entry) throws IOException;

    /** For a BLOBS entry: every large object it holds, in archive order. */
    void forEachLargeObject(TocEntry blobsEntry, LargeObjectVisitor visitor) throws IOException;

    /** Whether several threads may read different entries at once (custom file, directory: yes; tar: no). */
    boolean supportsConcurrentReads();

    @FunctionalInterface
    interface LargeObjectVisitor {
        void visit(long oid, InputStream content) throws IOException;
    }
}
