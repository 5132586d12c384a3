package dev.sotbackup.repository.body;

import dev.sotbackup.repository.crypto.BlobId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One object of a bucket component: its key relative to the prefix, the headers a restore puts back, the
 * facts for listings (ETag, last-modified) and the data blobs whose concatenation is its content.
 * Optional headers are null when the object had none (and absent from the document).
 *
 * @param metadata the user metadata ({@code x-amz-meta-*}, names lower-case, without the prefix), sorted by name
 */
public record StoredObject(String key, long size, String etag, String lastModified, String contentType,
                           String contentEncoding, String cacheControl, String contentDisposition,
                           Map<String, String> metadata, List<BlobId> blobs) {

    public StoredObject {
        metadata = Collections.unmodifiableMap(metadata == null ? new TreeMap<>() : new TreeMap<>(metadata));
        blobs = Copies.list(blobs);
    }
}
