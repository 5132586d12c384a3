package dev.sotbackup.repository;

import dev.sotbackup.repository.crypto.BlobId;
import java.util.List;

/** A stored stream: its blob ids in stream order (concatenated they give the stream) and its length. */
public record StreamResult(List<BlobId> blobs, long bytes) {
    public StreamResult {
        blobs = List.copyOf(blobs);
    }
}
