package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the directory and tar readers share: both formats keep each entry's data in a file (a member, for tar)
 * that the TOC names, and a BLOBS entry's large objects in files listed by a blobs TOC file. The subclasses only
 * say how a named file is opened.
 */
abstract sealed class DataFileArchiveReader extends DecodedArchiveReader
        permits DirectoryArchiveReader, TarArchiveReader {

    DataFileArchiveReader(DecodedToc decoded, boolean concurrentReads) {
        super(decoded, concurrentReads);
    }

    /** Opens a data file (directory) or member (tar) by its name in the TOC, described as {@code what}. */
    abstract InputStream openFile(String name, String what) throws IOException;

    /**
     * Opens the blobs TOC of {@code blobsEntry}, which the archive's TOC names {@code tocName}; fails with an
     * {@link ArchiveFormatException} when it is missing.
     */
    abstract BlobsToc openBlobsToc(TocEntry blobsEntry, String tocName, String what) throws IOException;

    /** An open blobs TOC and how errors name it. */
    record BlobsToc(InputStream in, String name) {
    }

    @Override
    final InputStream openEntryData(TocEntry entry, String what) throws IOException {
        String name = dataFileName(entry);
        return name == null ? InputStream.nullInputStream() : openFile(name, what);
    }

    /** The large objects listed in the blobs TOC, each file opened when its content is read. */
    @Override
    final LargeObjects openLargeObjects(TocEntry blobsEntry, String what) throws IOException {
        String tocName = dataFileName(blobsEntry);
        if (tocName == null) {
            return LargeObjects.NONE;
        }
        BlobsToc blobsToc = openBlobsToc(blobsEntry, tocName, what);
        List<LargeObject> objects = new ArrayList<>();
        try (InputStream in = blobsToc.in()) {
            for (DataFiles.BlobFile blob : DataFiles.parseBlobsToc(in, blobsToc.name())) {
                String objectWhat = "large object " + blob.oid() + " of " + what;
                objects.add(new LargeObject(blob.oid(), new DataPart(0, () -> openFile(blob.fileName(), objectWhat))));
            }
        }
        return LargeObjects.of(objects);
    }

    /** The entry's data file name from the TOC; null when it has no data. */
    private String dataFileName(TocEntry entry) {
        String name = decoded.fileNames().getOrDefault(entry.dumpId(), "");
        return !entry.hasData() || name.isEmpty() ? null : name;
    }
}
