package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

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

    /** Directory and tar: the entry's data file name from the TOC; null when it has no data. */
    final String dataFileName(TocEntry entry) {
        String name = decoded.fileNames().getOrDefault(entry.dumpId(), "");
        return !entry.hasData() || name.isEmpty() ? null : name;
    }

    /** Directory and tar: the data file the TOC names for the entry, opened with {@code opener}; else nothing. */
    final InputStream openDataFile(TocEntry entry, String what, DataFileOpener opener) throws IOException {
        String name = dataFileName(entry);
        return name == null ? InputStream.nullInputStream() : opener.open(name, what);
    }

    /** Opens a data file (directory) or member (tar) by its name in the archive. */
    @FunctionalInterface
    interface DataFileOpener {
        InputStream open(String name, String what) throws IOException;
    }

    /**
     * Directory and tar: the large objects listed in the blobs TOC {@code blobsToc} (named {@code tocName} in
     * errors), each file opened with {@code opener} when its content is read.
     */
    static LargeObjects blobFiles(InputStream blobsToc, String tocName, String what, DataFileOpener opener)
            throws IOException {
        List<LargeObject> objects = new ArrayList<>();
        for (DataFiles.BlobFile blob : DataFiles.parseBlobsToc(blobsToc, tocName)) {
            String objectWhat = "large object " + blob.oid() + " of " + what;
            objects.add(new LargeObject(blob.oid(), new DataPart(0, () -> opener.open(blob.fileName(), objectWhat))));
        }
        return LargeObjects.of(objects);
    }
}
