package dev.sotbackup.repository.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sotbackup.repository.crypto.BlobId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An S3 bucket, or the objects under a prefix of it, in a snapshot (format §7, {@code "kind": "objects"}).
 *
 * @param prefix   without leading or trailing "/"; empty for the whole bucket
 * @param endpoint the custom endpoint, or null for AWS (written as null)
 * @param count    how many objects
 * @param bytes    their total size
 * @param objects  sorted by key
 */
public record ObjectsBody(int version, String bucket, String prefix,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String endpoint, Instant capturedAt, long count,
                          long bytes, List<StoredObject> objects) implements ComponentBody {

    public static final String KIND = "objects";
    public static final int VERSION = 1;

    public ObjectsBody {
        version = Copies.version(version);
        objects = Copies.list(objects);
    }

    @Override
    public Set<BlobId> blobs() {
        return Copies.blobs(objects.stream().map(StoredObject::blobs));
    }
}
