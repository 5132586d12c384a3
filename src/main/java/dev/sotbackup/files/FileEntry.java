package dev.sotbackup.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.crypto.BlobId;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
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

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("path", path);
        node.put("type", type.json());
        node.put("mode", mode);
        node.put("mtime", mtime.toInstant().toString());
        if (type == EntryType.FILE) {
            node.put("size", size);
        }
        if (type == EntryType.SYMLINK) {
            node.put("target", target);
        }
        if (uid != null) {
            node.put("uid", uid);
        }
        if (gid != null) {
            node.put("gid", gid);
        }
        if (changedWhileRead) {
            node.put("changed_while_read", true);
        }
        if (type == EntryType.FILE) {
            ArrayNode array = node.putArray("blobs");
            blobs.forEach(b -> array.add(b.toString()));
        }
        return node;
    }

    static FileEntry fromJson(JsonNode node) {
        List<BlobId> blobs = new ArrayList<>();
        node.path("blobs").forEach(b -> blobs.add(BlobId.parse(b.asText())));
        return new FileEntry(node.path("path").asText(), EntryType.ofJson(node.path("type").asText()),
                node.path("mode").asInt(0644), FileTime.from(Instant.parse(node.path("mtime").asText())),
                node.path("size").asLong(0), node.hasNonNull("target") ? node.get("target").asText() : null,
                node.hasNonNull("uid") ? node.get("uid").asInt() : null,
                node.hasNonNull("gid") ? node.get("gid").asInt() : null,
                blobs, node.path("changed_while_read").asBoolean(false));
    }
}
