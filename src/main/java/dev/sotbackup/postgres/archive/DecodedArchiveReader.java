package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the custom, directory and tar readers share: the decoded header and TOC, the check that an entry is
 * read the right way (table data versus large objects) and, for the directory and tar formats, data files
 * named in the TOC and large objects listed in a blobs TOC file.
 */
abstract sealed class DecodedArchiveReader implements ArchiveContents
        permits CustomArchiveReader, DirectoryArchiveReader, TarArchiveReader {

    final DecodedToc decoded;

    DecodedArchiveReader(DecodedToc decoded) {
        this.decoded = decoded;
    }

    @Override
    public final Toc toc() {
        return decoded.toc();
    }

    public final ArchiveVersion version() {
        return decoded.version();
    }

    @Override
    public final InputStream openData(TocEntry entry) throws IOException {
        if (entry.isLargeObjectData()) {
            throw new IllegalArgumentException(
                    TocDecoder.describe(entry) + " holds large objects: use forEachLargeObject");
        }
        return openEntryData(entry, TocDecoder.describe(entry));
    }

    @Override
    public final void forEachLargeObject(TocEntry blobsEntry, LargeObjectVisitor visitor) throws IOException {
        if (!blobsEntry.isLargeObjectData()) {
            throw new IllegalArgumentException(TocDecoder.describe(blobsEntry) + " is not a BLOBS entry");
        }
        visitLargeObjects(blobsEntry, TocDecoder.describe(blobsEntry), visitor);
    }

    /** The data of a non-BLOBS entry, described as {@code what} in errors. */
    abstract InputStream openEntryData(TocEntry entry, String what) throws IOException;

    /** Every large object of a BLOBS entry, described as {@code what} in errors. */
    abstract void visitLargeObjects(TocEntry blobsEntry, String what, LargeObjectVisitor visitor)
            throws IOException;

    /** Directory and tar: the entry's data file name from the TOC; null when it has no data. */
    final String dataFileName(TocEntry entry) {
        String name = decoded.fileNames().getOrDefault(entry.dumpId(), "");
        return !entry.hasData() || name.isEmpty() ? null : name;
    }

    /** Opens a data file (directory) or member (tar) by its name in the archive. */
    @FunctionalInterface
    interface DataFileOpener {
        InputStream open(String name, String what) throws IOException;
    }

    /**
     * Directory and tar: visits each large object listed in the blobs TOC {@code blobsToc} (named
     * {@code tocName} in errors), opening its file with {@code opener}.
     */
    static void visitBlobFiles(InputStream blobsToc, String tocName, String what, DataFileOpener opener,
            LargeObjectVisitor visitor) throws IOException {
        for (DataFiles.BlobFile blob : DataFiles.parseBlobsToc(blobsToc, tocName)) {
            try (InputStream content = opener.open(blob.fileName(), "large object " + blob.oid() + " of " + what)) {
                visitor.visit(blob.oid(), content);
            }
        }
    }
}
