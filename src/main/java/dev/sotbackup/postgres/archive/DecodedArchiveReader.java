package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What the custom, directory and tar readers share: the decoded header and TOC, and the check that an entry is
 * read the right way (table data versus large objects). The directory and tar formats share more in
 * {@link DataFileArchiveReader}.
 */
abstract sealed class DecodedArchiveReader implements ArchiveContents
        permits CustomArchiveReader, DataFileArchiveReader {

    final DecodedToc decoded;
    private final boolean concurrentReads;

    /** {@code concurrentReads}: whether the format lets several threads read entries at once. */
    DecodedArchiveReader(DecodedToc decoded, boolean concurrentReads) {
        this.decoded = decoded;
        this.concurrentReads = concurrentReads;
    }

    @Override
    public final boolean supportsConcurrentReads() {
        return concurrentReads;
    }

    @Override
    public final Toc toc() {
        return decoded.toc();
    }

    public final ArchiveVersion version() {
        return decoded.version();
    }

    /** How the header says data is compressed. */
    public final DataCompression compression() {
        return decoded.compression();
    }

    @Override
    public final List<DataPart> dataParts(TocEntry entry) {
        String what = TocDecoder.describe(entry);
        if (entry.isLargeObjectData()) {
            throw new IllegalArgumentException(what + " holds large objects: use largeObjects");
        }
        return List.of(new DataPart(0, () -> openEntryData(entry, what)));
    }

    @Override
    public final LargeObjects largeObjects(TocEntry blobsEntry) throws IOException {
        if (!blobsEntry.isLargeObjectData()) {
            throw new IllegalArgumentException(TocDecoder.describe(blobsEntry) + " is not a BLOBS entry");
        }
        return openLargeObjects(blobsEntry, TocDecoder.describe(blobsEntry));
    }

    /** The data of a non-BLOBS entry, described as {@code what} in errors. */
    abstract InputStream openEntryData(TocEntry entry, String what) throws IOException;

    /** The large objects of a BLOBS entry, described as {@code what} in errors. */
    abstract LargeObjects openLargeObjects(TocEntry blobsEntry, String what) throws IOException;
}
