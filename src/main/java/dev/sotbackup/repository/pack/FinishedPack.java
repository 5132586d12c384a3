package dev.sotbackup.repository.pack;

import dev.sotbackup.repository.crypto.StorageId;
import java.util.List;

/** A complete pack ready to upload as {@code data/<id[0:2]>/<id>}, with the index entries of its blobs. */
public record FinishedPack(StorageId id, byte[] bytes, List<PackedBlob> blobs) {
    public FinishedPack {
        blobs = List.copyOf(blobs);
    }

    @Override
    public String toString() {
        return "FinishedPack[" + id + ", " + bytes.length + " bytes, " + blobs.size() + " blobs]";
    }
}
