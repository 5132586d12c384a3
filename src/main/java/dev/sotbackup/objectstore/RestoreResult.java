package dev.sotbackup.objectstore;

/** What a bucket restore wrote: the number of objects and their total size in bytes. */
public record RestoreResult(int objects, long bytes) {
}
