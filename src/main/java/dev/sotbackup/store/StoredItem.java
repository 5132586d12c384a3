package dev.sotbackup.store;

/**
 * One item a component holds, as a listing shows it.
 *
 * @param type  "table", "large objects", "database", "file", "dir", "symlink", "object"
 * @param name  "public.dcim_device", "db 0", "devicetype-images/x.png"
 * @param count rows, keys or objects it holds (1 for a file or an object)
 * @param bytes the size of its stored stream(s), uncompressed
 */
public record StoredItem(String type, String name, long count, long bytes) {
}
