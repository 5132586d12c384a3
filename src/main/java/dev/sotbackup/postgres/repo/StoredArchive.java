package dev.sotbackup.postgres.repo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sotbackup.postgres.archive.LargeObject;
import dev.sotbackup.postgres.archive.LargeObjectSource;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.DataSource;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.crypto.BlobId;
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
    private final JsonNode body;

    StoredArchive(Repository repository, Toc toc, JsonNode body) {
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
        JsonNode data = body.path("data").get(Integer.toString(entry.dumpId()));
        if (data == null) {
            throw new IOException("snapshot has no data for " + entry.desc() + " " + entry.tag()
                    + " (dumpId " + entry.dumpId() + ")");
        }
        return repository.openBlobs(blobs(data.path("blobs")));
    }

    @Override
    public void forEachLargeObject(TocEntry blobsEntry, LargeObjectVisitor visitor) throws IOException {
        for (JsonNode lo : body.path("large_objects").path(Integer.toString(blobsEntry.dumpId()))) {
            try (InputStream content = repository.openBlobs(blobs(lo.path("blobs")))) {
                visitor.visit(lo.path("oid").asLong(), content);
            }
        }
    }

    @Override
    public boolean supportsConcurrentReads() {
        return true;
    }

    /** Each entry's stream as one part, for the archive writers. */
    public DataSource dataSource() {
        return entry -> List.of(streamPart(() -> openData(entry),
                body.path("data").path(Integer.toString(entry.dumpId())).path("bytes").asLong()));
    }

    /** The large objects of a BLOBS entry, each read from the repository when written. */
    public LargeObjectSource largeObjectSource() {
        return entry -> {
            List<LargeObject> objects = new ArrayList<>();
            for (JsonNode lo : body.path("large_objects").path(Integer.toString(entry.dumpId()))) {
                List<BlobId> blobs = blobs(lo.path("blobs"));
                objects.add(new LargeObject(lo.path("oid").asLong(),
                        streamPart(() -> repository.openBlobs(blobs), lo.path("bytes").asLong())));
            }
            return objects;
        };
    }

    /** Bytes of table data in the snapshot (uncompressed), per data entry, for scheduling. */
    public long dataSize(TocEntry entry) {
        return body.path("data").path(Integer.toString(entry.dumpId())).path("bytes").asLong();
    }

    @Override
    public void close() {
        // the repository belongs to the caller
    }

    private static List<BlobId> blobs(JsonNode array) {
        List<BlobId> ids = new ArrayList<>();
        array.forEach(id -> ids.add(BlobId.parse(id.asText())));
        return ids;
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
