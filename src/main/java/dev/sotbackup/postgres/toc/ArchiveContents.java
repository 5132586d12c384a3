package dev.sotbackup.postgres.toc;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What a PostgreSQL archive holds, whoever produced it — pg_dump's ArchiveHandle without the format: the TOC, each
 * data entry's data as ordered parts, and each BLOBS entry's large objects. The dumper (a live database), the
 * archive readers (custom, directory, tar files), the repository (a stored snapshot) and the live replicate source
 * all produce it; the archive writers and the restore engine consume it.
 *
 * <p>Nothing is read before it is asked for, and nothing is held in memory: parts and large objects are streams.
 */
public interface ArchiveContents extends Closeable {

    Toc toc();

    /**
     * The data of a data entry other than BLOBS, as parts to read in order (see {@link DataPart}); one part for
     * an archive file, several for a big table read live. Opening a part is what reads it.
     */
    List<DataPart> dataParts(TocEntry entry);

    /** For a BLOBS entry: its large objects, one at a time, in archive order. */
    LargeObjects largeObjects(TocEntry blobsEntry) throws IOException;

    /**
     * Whether parts and large objects may be read on several threads at once — different entries, or the parts of
     * one entry (custom file, directory, repository, live database: yes; tar: no).
     */
    boolean supportsConcurrentReads();

    /** The entry's whole data stream, its parts one after another: COPY text ending in {@code "\\.\n\n\n"}. */
    default InputStream openData(TocEntry entry) throws IOException {
        return DataPart.concatenation(dataParts(entry));
    }

    /** Each large object of a BLOBS entry in turn, its content open while the visitor runs. */
    default void forEachLargeObject(TocEntry blobsEntry, LargeObjectVisitor visitor) throws IOException {
        try (LargeObjects objects = largeObjects(blobsEntry)) {
            for (LargeObject object = objects.next(); object != null; object = objects.next()) {
                try (InputStream content = object.content().open()) {
                    visitor.visit(object.oid(), content);
                }
            }
        }
    }

    /**
     * The uncompressed size of a TABLE DATA entry's data as far as the producer knows it (the parts' size hints),
     * 0 when unknown; the restore engine schedules biggest first and loads big tables over several connections.
     */
    default long dataSize(TocEntry entry) {
        if (!entry.isTableData()) {
            return 0;
        }
        return dataParts(entry).stream().mapToLong(DataPart::sizeHint).sum();
    }

    /** These contents under another TOC, such as a selection of this one's entries; closing it closes nothing. */
    default ArchiveContents withToc(Toc other) {
        return new TocView(this, other);
    }

    @FunctionalInterface
    interface LargeObjectVisitor {
        void visit(long oid, InputStream content) throws IOException;
    }
}
