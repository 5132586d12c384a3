package dev.sotbackup.postgres.toc;

import java.io.IOException;
import java.util.List;

/** {@link ArchiveContents#withToc}: the same data under another TOC. */
record TocView(ArchiveContents contents, Toc toc) implements ArchiveContents {

    @Override
    public List<DataPart> dataParts(TocEntry entry) {
        return contents.dataParts(entry);
    }

    @Override
    public LargeObjects largeObjects(TocEntry blobsEntry) throws IOException {
        return contents.largeObjects(blobsEntry);
    }

    @Override
    public boolean supportsConcurrentReads() {
        return contents.supportsConcurrentReads();
    }

    @Override
    public void close() {
        // the contents belong to whoever opened them
    }
}
