package dev.sotbackup.postgres.toc;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * Archive contents built by a test: a TOC, each data entry's parts from a function, and the large objects every
 * BLOBS entry holds.
 */
public record TestContents(Toc toc, Function<TocEntry, List<DataPart>> parts, List<LargeObject> largeObjectList,
        boolean supportsConcurrentReads) implements ArchiveContents {

    public TestContents(Toc toc, Function<TocEntry, List<DataPart>> parts, List<LargeObject> largeObjectList) {
        this(toc, parts, largeObjectList, true);
    }

    @Override
    public List<DataPart> dataParts(TocEntry entry) {
        return parts.apply(entry);
    }

    @Override
    public LargeObjects largeObjects(TocEntry blobsEntry) throws IOException {
        return LargeObjects.of(largeObjectList);
    }

    @Override
    public void close() {
    }
}
