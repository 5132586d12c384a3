package dev.sotbackup.repository.pack;

import dev.sotbackup.repository.crypto.BlobId;
import java.util.Objects;

/**
 * Where one blob lies in its pack: {@code length} stored (encrypted) bytes at {@code offset}, decoding to
 * {@code plainLength} bytes. Matches a pack header record and an index entry (format §5, §6).
 */
public record PackedBlob(BlobId id, BlobType type, long offset, int length, int plainLength) {
    public PackedBlob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (offset < 0 || length < 0 || plainLength < 0) {
            throw new IllegalArgumentException("negative offset or length in " + id);
        }
    }
}
