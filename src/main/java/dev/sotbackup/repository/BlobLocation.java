package dev.sotbackup.repository;

import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.pack.PackedBlob;

/** Where a blob is stored: its record in pack {@code pack}. */
public record BlobLocation(StorageId pack, PackedBlob blob) {
}
