package dev.sotbackup.postgres.repo;

import dev.sotbackup.postgres.archive.LargeObject;
import dev.sotbackup.postgres.archive.LargeObjectSource;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.DataSource;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.body.PostgresBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A database stored in a snapshot, seen as an archive: the restore engine reads it like a pg_dump file, and
 * the archive writers export it as one ({@link #dataSource()}, {@link #largeObjectSource()}).
 */
public final class StoredArchive implements ArchiveContents {

    private final Repository repository;
    private final Toc toc;
    private final PostgresBody body;

    StoredArchive(Repository repository, Toc toc, PostgresBody body) {
        this.repository = repository;
        this.toc = toc;
        this.body = body;
    }

    @Override
    public Toc toc() {
        return toc;
    }

    @Override
    public InputStream openData(TocEntry entry) throws IOException {
        PostgresBody.DataEntry data = body.dataOf(entry.dumpId());
        if (data == null) {
            throw new IOException("snapshot has no data for " + entry.desc() + " " + entry.tag()
                    + " (dumpId " + entry.dumpId() + ")");
        }
        return repository.openBlobs(data.blobs());
    }

    @Override
    public void forEachLargeObject(TocEntry blobsEntry, LargeObjectVisitor visitor) throws IOException {
        for (PostgresBody.LargeObjectEntry lo : body.largeObjectsOf(blobsEntry.dumpId())) {
            try (InputStream content = repository.openBlobs(lo.blobs())) {
                visitor.visit(lo.oid(), content);
            }
        }
    }

    @Override
    public boolean supportsConcurrentReads() {
        return true;
    }

    /** Each entry's stream as one part, for the archive writers. */
    public DataSource dataSource() {
        return entry -> List.of(streamPart(() -> openData(entry), dataSize(entry)));
    }

    /** The large objects of a BLOBS entry, each read from the repository when written. */
    public LargeObjectSource largeObjectSource() {
        return entry -> {
            List<LargeObject> objects = new ArrayList<>();
            for (PostgresBody.LargeObjectEntry lo : body.largeObjectsOf(entry.dumpId())) {
                objects.add(new LargeObject(lo.oid(), streamPart(() -> repository.openBlobs(lo.blobs()), lo.bytes())));
            }
            return objects;
        };
    }

    /** Bytes of table data in the snapshot (uncompressed), per data entry, for scheduling. */
    public long dataSize(TocEntry entry) {
        PostgresBody.DataEntry data = body.dataOf(entry.dumpId());
        return data == null ? 0 : data.bytes();
    }

    @Override
    public void close() {
        // the repository belongs to the caller
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private static DataPart streamPart(Opener opener, long size) {
        return new DataPart() {
            @Override
            public long sizeHint() {
                return size;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (InputStream in = opener.open()) {
                    in.transferTo(out);
                }
            }
        };
    }
}
