package dev.sotbackup.postgres.repo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.crypto.BlobId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A database stored in a snapshot, as archive contents: each data entry's stream and each large object is one
 * part, read from the repository's blobs when opened. The restore engine restores it like a pg_dump file and the
 * archive writers export it as one.
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

    /** The entry's stream as one part; its size is known exactly. */
    @Override
    public List<DataPart> dataParts(TocEntry entry) {
        JsonNode data = storedData(entry);
        if (data == null) {
            return List.of(new DataPart(0, () -> {
                throw new IOException("snapshot has no data for " + entry.desc() + " " + entry.tag()
                        + " (dumpId " + entry.dumpId() + ")");
            }));
        }
        List<BlobId> blobs = blobs(data);
        return List.of(new DataPart(bytes(data), () -> repository.openBlobs(blobs)));
    }

    @Override
    public LargeObjects largeObjects(TocEntry blobsEntry) {
        List<LargeObject> objects = new ArrayList<>();
        for (JsonNode stored : storedLargeObjects(blobsEntry)) {
            List<BlobId> blobs = blobs(stored);
            objects.add(new LargeObject(stored.path("oid").asLong(),
                    new DataPart(bytes(stored), () -> repository.openBlobs(blobs))));
        }
        return LargeObjects.of(objects);
    }

    @Override
    public boolean supportsConcurrentReads() {
        return true;
    }

    @Override
    public void close() {
        // the repository belongs to the caller
    }

    /** The body's record of an entry's data stream, null when it has none. */
    private JsonNode storedData(TocEntry entry) {
        return body.path("data").get(Integer.toString(entry.dumpId()));
    }

    /** The body's records of a BLOBS entry's large objects. */
    private JsonNode storedLargeObjects(TocEntry blobsEntry) {
        return body.path("large_objects").path(Integer.toString(blobsEntry.dumpId()));
    }

    /** Uncompressed bytes of a stored stream. */
    private static long bytes(JsonNode stored) {
        return stored.path("bytes").asLong();
    }

    /** The blobs a stored stream is made of, in order. */
    private static List<BlobId> blobs(JsonNode stored) {
        List<BlobId> ids = new ArrayList<>();
        stored.path("blobs").forEach(id -> ids.add(BlobId.parse(id.asText())));
        return ids;
    }
}
