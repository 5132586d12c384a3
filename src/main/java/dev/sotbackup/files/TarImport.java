package dev.sotbackup.files;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A tar.gz (say {@code tar -czf media.tar.gz media/}) or plain tar stored as a "files" component, as if its tree had
 * been backed up from disk.
 *
 * <p>Leading directory: the deepest directory that has its own entry in the archive and contains every
 * entry becomes the root, and its path is stripped. So "media/", "media/a.png" gives a root with "a.png"
 * (and media's own mode and mtime), "opt/netbox/netbox/media/…" (tar of an absolute path) gives the same,
 * and "./a.png" or "a.png" stay as they are. An archive without an entry for such a directory is not stripped
 * (a root created from "tar -czf x.tgz -C media a b" keeps "a" and "b"); its root gets mode 0755 and the
 * newest mtime of its entries.
 *
 * <p>Hard links become files with the target's blobs; devices and FIFOs are skipped with a warning.
 */
public final class TarImport {

    private static final int BUFFER = 256 * 1024;

    private TarImport() {
    }

    public static Component backup(BackupSession session, String name, Path tarGz, Reporter reporter)
            throws IOException {
        return backup(session, name, TarSource.file(tarGz), reporter);
    }

    /** The same from any {@link TarSource}: a file, or tar streamed out of a pod. */
    public static Component backup(BackupSession session, String name, TarSource archive, Reporter reporter)
            throws IOException {
        return archive.read(in -> backup(session, name, in, archive.source(), reporter), reporter);
    }

    /**
     * The same from a stream, plain tar or tar.gz (told apart by gzip's magic bytes): e.g. {@code tar cf -} streamed
     * out of a pod. The stream is read to the end of the archive and not closed.
     *
     * @param source what the stream is, recorded in the component and named in messages
     */
    public static Component backup(BackupSession session, String name, InputStream stream, String source,
                                   Reporter reporter) throws IOException {
        Instant capturedAt = Instant.now();
        Map<String, FileEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(stream),
                StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
                String path = normalise(t.getName());
                FileEntry entry = read(session, tar, t, path, entries, reporter);
                if (entry != null) {
                    entries.put(path, entry);
                }
            }
        } catch (FilesFailure e) {
            throw e;
        } catch (IOException e) {
            throw new FilesFailure("cannot read archive " + source + ": " + FilesFailure.reason(e), e);
        }
        String prefix = commonRoot(entries);
        List<FileEntry> rooted = new ArrayList<>();
        for (FileEntry e : entries.values()) {
            rooted.add(e.withPath(strip(prefix, e.path())));
        }
        if (rooted.stream().noneMatch(FileEntry::isRoot)) {
            FileTime newest = rooted.stream().map(FileEntry::mtime).max(FileTime::compareTo)
                    .orElse(FileTime.from(capturedAt));
            rooted.add(new FileEntry(FileEntry.ROOT, EntryType.DIR, 0755, newest, 0, null, null, null, List.of(),
                    false));
        }
        rooted.forEach(e -> TreeWriter.checkPath(e.path()));
        String root = prefix.equals(FileEntry.ROOT) ? name : prefix;
        return FilesComponent.component(name, root, capturedAt, rooted, source);
    }

    /** gzip-decompressed if it starts with gzip's magic bytes, else as is; closing it leaves {@code in} open. */
    private static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // The caller owns the stream (e.g. a pod's exec, whose exit status is read after the archive).
            }
        }, BUFFER);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        return first == 0x1f && second == 0x8b ? new GzipCompressorInputStream(buffered, true) : buffered;
    }

    private static FileEntry read(BackupSession session, TarArchiveInputStream tar, TarArchiveEntry t, String path,
                                  Map<String, FileEntry> seen, Reporter reporter) throws IOException {
        int mode = t.getMode() & 07777;
        FileTime mtime = t.getLastModifiedTime();
        Integer uid = (int) t.getLongUserId();
        Integer gid = (int) t.getLongGroupId();
        if (t.isDirectory()) {
            return new FileEntry(path, EntryType.DIR, mode, mtime, 0, null, uid, gid, List.of(), false);
        }
        if (t.isSymbolicLink()) {
            return new FileEntry(path, EntryType.SYMLINK, mode, mtime, 0, t.getLinkName(), uid, gid, List.of(),
                    false);
        }
        if (t.isLink()) {
            FileEntry linked = seen.get(normalise(t.getLinkName()));
            if (linked == null || linked.type() != EntryType.FILE) {
                reporter.warning("skipped hard link " + path + ": its target is not an earlier file");
                return null;
            }
            return new FileEntry(path, EntryType.FILE, mode, mtime, linked.size(), null, uid, gid, linked.blobs(),
                    false);
        }
        if (!t.isFile()) {
            reporter.warning("skipped " + path + ": not a file, directory or symlink");
            return null;
        }
        if (t.getSize() == 0) {
            return new FileEntry(path, EntryType.FILE, mode, mtime, 0, null, uid, gid, List.of(), false);
        }
        StreamResult result;
        try (StreamWriter stream = session.newStream()) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = tar.read(buffer, 0, buffer.length)) > 0; ) {
                stream.write(buffer, 0, n);
            }
            result = stream.finish();
        }
        return new FileEntry(path, EntryType.FILE, mode, mtime, result.bytes(), null, uid, gid, result.blobs(),
                false);
    }

    /** "./media/a/" → "media/a"; "./" and "/" → the root. */
    static String normalise(String name) {
        String path = name;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() || path.equals(".") ? FileEntry.ROOT : path;
    }

    /** The deepest directory with its own entry that is, or contains, every entry; ROOT if none. */
    static String commonRoot(Map<String, FileEntry> entries) {
        if (entries.isEmpty() || entries.containsKey(FileEntry.ROOT)) {
            return FileEntry.ROOT;
        }
        List<String> common = null;
        for (String path : entries.keySet()) {
            List<String> segments = List.of(path.split("/"));
            if (common == null) {
                common = new ArrayList<>(segments);
            } else {
                int i = 0;
                while (i < common.size() && i < segments.size() && common.get(i).equals(segments.get(i))) {
                    i++;
                }
                common.subList(i, common.size()).clear();
            }
        }
        Set<String> directories = new HashSet<>();
        entries.values().stream().filter(e -> e.type() == EntryType.DIR).forEach(e -> directories.add(e.path()));
        for (int n = common.size(); n > 0; n--) {
            String candidate = String.join("/", common.subList(0, n));
            if (directories.contains(candidate)) {
                return candidate;
            }
        }
        return FileEntry.ROOT;
    }

    static String strip(String prefix, String path) {
        if (prefix.equals(FileEntry.ROOT)) {
            return path;
        }
        return path.equals(prefix) ? FileEntry.ROOT : path.substring(prefix.length() + 1);
    }

}
