package dev.sotbackup.repository.body;

import dev.sotbackup.repository.crypto.BlobId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A directory tree in a snapshot (format §7, {@code "kind": "files"}): every directory, file and symlink with its
 * metadata, and each file's content as its own chunked stream.
 *
 * @param root         the directory the tree was captured from (for a tar import, the leading directory stripped)
 * @param importedFrom the tar archive the tree was imported from, or null
 * @param files        how many entries are files
 * @param bytes        the files' total size
 * @param entries      root first, then segment by segment
 */
public record FilesBody(int version, String root, String importedFrom, Instant capturedAt, long files, long bytes,
                        List<Entry> entries) implements ComponentBody {

    public static final String KIND = "files";
    public static final int VERSION = 1;

    public FilesBody {
        version = Copies.version(version);
        entries = Copies.list(entries);
    }

    /**
     * One directory, file or symlink, as stored. Fields that do not apply to its type are null (and absent from
     * the document): {@code size} and {@code blobs} are a file's, {@code target} a symlink's;
     * {@code changedWhileRead} is only ever true.
     *
     * @param path  relative to the root, segments joined by "/"; the root itself is "."
     * @param type  "dir", "file" or "symlink"
     * @param mode  the permission bits ({@code st_mode & 07777})
     * @param uid   informational: a restore does not change ownership
     */
    public record Entry(String path, String type, Integer mode, Instant mtime, Long size, String target, Integer uid,
                        Integer gid, Boolean changedWhileRead, List<BlobId> blobs) {
        public Entry {
            blobs = blobs == null ? null : List.copyOf(blobs);
        }
    }

    @Override
    public Set<BlobId> blobs() {
        return Copies.blobs(entries.stream().map(entry -> Copies.list(entry.blobs())));
    }
}
