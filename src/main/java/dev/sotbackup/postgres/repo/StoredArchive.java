package dev.sotbackup.postgres.repo;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.body.PostgresBody;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A database stored in a snapshot, as archive contents: each data entry's stream and each large object is one
 * part, read from the repository's blobs when opened. The restore engine restores it like a pg_dump file and the
 * archive writers export it as one.
 *
 * @param body the component's body: where each part's blobs are
 */
public record StoredArchive(Repository repository, Toc toc, PostgresBody body) implements ArchiveContents {

    /** The entry's stream as one part; its size is known exactly. */
    @Override
    public List<DataPart> dataParts(TocEntry entry) {
        PostgresBody.DataEntry data = body.dataOf(entry.dumpId());
        if (data == null) {
            return List.of(new DataPart(0, () -> {
                throw new IOException("snapshot has no data for " + entry.desc() + " " + entry.tag()
                        + " (dumpId " + entry.dumpId() + ")");
            }));
        }
        return List.of(new DataPart(data.bytes(), () -> repository.openBlobs(data.blobs())));
    }

    @Override
    public LargeObjects largeObjects(TocEntry blobsEntry) {
        List<LargeObject> objects = new ArrayList<>();
        for (PostgresBody.LargeObjectEntry stored : body.largeObjectsOf(blobsEntry.dumpId())) {
            objects.add(new LargeObject(stored.oid(),
                    new DataPart(stored.bytes(), () -> repository.openBlobs(stored.blobs()))));
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
}
