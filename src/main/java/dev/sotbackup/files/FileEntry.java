package dev.sotbackup.files;

import dev.sotbackup.repository.body.FilesBody;
import dev.sotbackup.repository.crypto.BlobId;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;

/**
 * One entry of a stored tree. {@code path} is relative to the tree's root, segments joined by "/"; the root
 * itself is {@link #ROOT}. {@code mode} holds the permission bits only (07777, setuid/setgid/sticky included).
 * {@code target} is set for symlinks, {@code blobs} for files (empty for an empty file); uid/gid may be null
 * and are informational: restore does not change ownership.
 */
public record FileEntry(String path, EntryType type, int mode, FileTime mtime, long size, String target,
                        Integer uid, Integer gid, List<BlobId> blobs, boolean changedWhileRead) {

    public static final String ROOT = ".";

    /**
     * Root first, then by path segment by segment (as if "/" sorted before every other character), so that a
     * directory's whole subtree directly follows it: "a", "a/b", "a-c". Tar readers set a directory's mtime
     * once they leave it, so the export depends on this order.
     */
    public static final Comparator<FileEntry> ORDER = Comparator
            .comparing((FileEntry e) -> !e.isRoot()).thenComparing(e -> e.path().replace('/', '\0'));

    public FileEntry {
        blobs = blobs == null ? List.of() : List.copyOf(blobs);
    }

    public boolean isRoot() {
        return ROOT.equals(path);
    }

    public FileEntry withPath(String newPath) {
        return new FileEntry(newPath, type, mode, mtime, size, target, uid, gid, blobs, changedWhileRead);
    }

    /** The entry as a snapshot stores it: what does not apply to its type is left out. */
    FilesBody.Entry stored() {
        boolean file = type == EntryType.FILE;
        return new FilesBody.Entry(path, type.json(), mode, mtime.toInstant(), file ? size : null,
                type == EntryType.SYMLINK ? target : null, uid, gid, changedWhileRead ? true : null,
                file ? blobs : null);
    }

    /** A stored entry; an absent mode is 0644, an absent size 0. */
    static FileEntry of(FilesBody.Entry stored) {
        return new FileEntry(stored.path(), EntryType.ofJson(stored.type()),
                stored.mode() == null ? 0644 : stored.mode(), FileTime.from(stored.mtime()),
                stored.size() == null ? 0 : stored.size(), stored.target(), stored.uid(), stored.gid(),
                stored.blobs(), Boolean.TRUE.equals(stored.changedWhileRead()));
    }
}
