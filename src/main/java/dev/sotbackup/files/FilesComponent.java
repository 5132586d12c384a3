package dev.sotbackup.files;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.body.FilesBody;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory tree (NetBox media, scripts, reports) as a snapshot component of kind "files"
 * (docs/repository-format.md §7): one JSON entry per directory, file and symlink, each file's bytes as its own
 * content-defined chunk stream, so unchanged files — and unchanged parts of changed ones — deduplicate.
 */
public final class FilesComponent {

    private FilesComponent() {
    }

    /**
     * Captures the tree under {@code root} (symlinks are stored, never followed; a symlinked root is resolved).
     * Files are read on {@code jobs} threads. Vanished entries and special files are skipped and reported
     * as warnings to {@code reporter}.
     *
     * @throws FilesFailure if the root is missing, not a directory, or an entry cannot be read
     */
    public static Component backup(BackupSession session, String name, Path root, int jobs,
                                   Reporter reporter) throws IOException {
        Instant capturedAt = Instant.now();
        List<FileEntry> entries = new TreeReader(session, root, jobs, reporter).read();
        return component(name, root.toAbsolutePath().toString(), capturedAt, entries, null);
    }

    /**
     * Recreates the tree under {@code target}. A non-empty target is refused unless {@code force}; with
     * {@code force}, entries of the snapshot replace what is at their path, and files the snapshot does not
     * have are left alone (never deleted).
     */
    public static RestoreResult restore(Repository repository, Component component, Path target, boolean force,
                                        Reporter reporter) throws IOException {
        return new TreeWriter(repository, target, force, reporter).write(entries(component));
    }

    /**
     * Checks, leaving nothing behind, that {@code component} can be restored into {@code target}: every entry's
     * path stays inside it, the target is a directory (or can become one) and is empty unless {@code force}, a
     * file can be created and deleted there (in its nearest existing parent when it does not exist yet), and its
     * file system has room for what the restore adds — each file's size less that of a file it replaces.
     *
     * @throws FilesFailure one line naming the directory and what is wrong
     */
    public static void check(Component component, Path target, boolean force) throws IOException {
        List<FileEntry> entries = entries(component);
        entries.forEach(e -> TreeWriter.checkPath(e.path()));
        Path absolute = target.toAbsolutePath().normalize();
        TreeWriter.checkTarget(absolute, force);
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new FilesFailure("cannot create target directory " + absolute + ": "
                    + (existing == null ? "no parent directory exists" : existing + " is not a directory"));
        }
        try {
            Files.delete(Files.createTempFile(existing, ".sot-backup-probe-", ""));
        } catch (IOException e) {
            throw new FilesFailure("cannot write in " + existing + " (where " + component.label() + " is restored): "
                    + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()), e);
        }
        long needed = 0;
        for (FileEntry entry : entries) {
            if (entry.type() == EntryType.FILE) {
                Path path = absolute.resolve(entry.path());
                long replaced = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.size(path) : 0;
                needed += Math.max(0, entry.size() - replaced);
            }
        }
        long usable = Files.getFileStore(existing).getUsableSpace();
        if (needed > usable) {
            throw new FilesFailure("restoring " + component.label() + " into " + absolute + " needs " + mib(needed)
                    + " more, but its file system has " + mib(usable) + " free");
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** The entries of a stored tree, root first, sorted by path. */
    public static List<FileEntry> entries(Component component) {
        List<FileEntry> entries = new ArrayList<>();
        body(component).entries().forEach(stored -> entries.add(FileEntry.of(stored)));
        entries.sort(FileEntry.ORDER);
        return entries;
    }

    /** The path the tree was captured from, as the body records it. */
    public static String root(Component component) {
        String root = body(component).root();
        return root == null ? "" : root;
    }

    /** The body of a files component. */
    static FilesBody body(Component component) {
        return component.body(FilesBody.class).orElseThrow(() -> new FilesFailure("component " + component.label()
                + " is not a directory tree"));
    }

    /** What a restore did. */
    public record RestoreResult(long directories, long files, long symlinks, long bytes) {
    }

    static Component component(String name, String root, Instant capturedAt, List<FileEntry> entries,
                               String importedFrom) {
        List<FileEntry> sorted = new ArrayList<>(entries);
        sorted.sort(FileEntry.ORDER);
        long files = 0;
        long bytes = 0;
        for (FileEntry e : sorted) {
            if (e.type() == EntryType.FILE) {
                files++;
                bytes += e.size();
            }
        }
        return new Component(name, new FilesBody(FilesBody.VERSION, root, importedFrom, capturedAt, files, bytes,
                sorted.stream().map(FileEntry::stored).toList()));
    }
}
