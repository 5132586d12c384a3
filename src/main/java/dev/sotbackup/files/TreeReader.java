package dev.sotbackup.files;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Parallel;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** Walks a tree (no symlink following) and stores every regular file's bytes as its own stream. */
final class TreeReader {
    private static final int BUFFER = 256 * 1024;

    private final BackupSession session;
    private final Path root;
    private final int jobs;
    private final Reporter reporter;
    private final boolean unixView;

    TreeReader(BackupSession session, Path root, int jobs, Reporter reporter) {
        this.session = session;
        this.root = root;
        this.jobs = Math.max(1, jobs);
        this.reporter = reporter;
        this.unixView = root.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    List<FileEntry> read() throws IOException {
        Path start = resolveRoot();
        if (!"UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"))) {
            // The JVM decodes file names with the locale's charset: non-ASCII names would be stored mangled.
            reporter.warning("file names are decoded as " + System.getProperty("sun.jnu.encoding")
                    + ", not UTF-8; run with a UTF-8 locale (LANG=C.UTF-8) to keep non-ASCII names");
        }
        List<FileEntry> metadata = walk(start);
        return storeContents(start, metadata);
    }

    private Path resolveRoot() {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new FilesFailure("directory to back up not found: " + root);
        }
        Path start;
        try {
            start = root.toRealPath();
        } catch (IOException e) {
            throw new FilesFailure("cannot read directory " + root + ": " + FilesFailure.reason(e), e);
        }
        if (!Files.isDirectory(start)) {
            throw new FilesFailure("not a directory: " + root);
        }
        if (!Files.isReadable(start) || !Files.isExecutable(start)) {
            throw new FilesFailure("cannot read directory " + root + ": permission denied");
        }
        return start;
    }

    /** Metadata of every entry; files get their blobs later. Sorted, so that the result is deterministic. */
    private List<FileEntry> walk(Path start) throws IOException {
        List<FileEntry> entries = new ArrayList<>();
        Files.walkFileTree(start, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        FileEntry entry = stat(start, dir);
                        if (entry == null) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        entries.add(entry);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        if (!attrs.isRegularFile() && !attrs.isSymbolicLink() && !attrs.isDirectory()) {
                            reporter.warning("skipped " + relative(start, file)
                                    + ": not a file, directory or symlink");
                            return FileVisitResult.CONTINUE;
                        }
                        FileEntry entry = stat(start, file);
                        if (entry != null) {
                            entries.add(entry);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return failedOrVanished(start, file, e);
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        return e == null ? FileVisitResult.CONTINUE : failedOrVanished(start, dir, e);
                    }
                });
        entries.sort(FileEntry.ORDER);
        return entries;
    }

    private FileVisitResult failedOrVanished(Path start, Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            reporter.warning("skipped " + relative(start, path) + ": removed during the backup");
            return FileVisitResult.CONTINUE;
        }
        if (e instanceof FileSystemLoopException) {
            return FileVisitResult.CONTINUE;
        }
        // An unreadable entry fails the backup: a snapshot silently missing files is worse than none.
        throw new FilesFailure("cannot read " + path + ": " + FilesFailure.reason(e), e);
    }

    /** The entry's metadata, or null if it vanished. */
    private FileEntry stat(Path start, Path path) throws IOException {
        String rel = relative(start, path);
        try {
            if (unixView) {
                Map<String, Object> a = Files.readAttributes(path,
                        "unix:mode,uid,gid,size,lastModifiedTime,isDirectory,isSymbolicLink,isRegularFile",
                        LinkOption.NOFOLLOW_LINKS);
                EntryType type = typeOf((Boolean) a.get("isDirectory"), (Boolean) a.get("isSymbolicLink"));
                return new FileEntry(rel, type, ((Integer) a.get("mode")) & 07777, (FileTime) a.get("lastModifiedTime"),
                        type == EntryType.FILE ? (Long) a.get("size") : 0,
                        type == EntryType.SYMLINK ? Files.readSymbolicLink(path).toString() : null,
                        (Integer) a.get("uid"), (Integer) a.get("gid"), List.of(), false);
            }
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            EntryType type = typeOf(a.isDirectory(), a.isSymbolicLink());
            int mode = type == EntryType.DIR ? 0755 : 0644;
            if (a instanceof PosixFileAttributes posix) {
                mode = modeOf(posix.permissions());
            }
            return new FileEntry(rel, type, mode, a.lastModifiedTime(), type == EntryType.FILE ? a.size() : 0,
                    type == EntryType.SYMLINK ? Files.readSymbolicLink(path).toString() : null,
                    null, null, List.of(), false);
        } catch (NoSuchFileException e) {
            reporter.warning("skipped " + rel + ": removed during the backup");
            return null;
        } catch (AccessDeniedException e) {
            throw new FilesFailure("cannot read " + path + ": permission denied", e);
        }
    }

    private static EntryType typeOf(boolean directory, boolean symlink) {
        return symlink ? EntryType.SYMLINK : directory ? EntryType.DIR : EntryType.FILE;
    }

    static int modeOf(java.util.Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0 = 0400, … OTHERS_EXECUTE is 8 = 0001
        }
        return mode;
    }

    static String relative(Path start, Path path) {
        if (path.equals(start)) {
            return FileEntry.ROOT;
        }
        List<String> parts = new ArrayList<>();
        start.relativize(path).forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    /** Reads every file on the pool, biggest first so that one large file does not finish last alone. */
    private List<FileEntry> storeContents(Path start, List<FileEntry> metadata) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        for (FileEntry e : metadata) {
            if (e.type() == EntryType.FILE && e.size() > 0) {
                files.add(e);
            }
        }
        files.sort((a, b) -> Long.compare(b.size(), a.size()));
        Map<String, FileEntry> stored = Collections.synchronizedMap(new java.util.HashMap<>());
        Parallel.map(jobs, "backup-file", files, file -> {
            stored.put(file.path(), store(start, file));
            return null;
        });
        List<FileEntry> result = new ArrayList<>(metadata.size());
        for (FileEntry e : metadata) {
            if (e.type() != EntryType.FILE || e.size() == 0) {
                result.add(e);
            } else if (stored.get(e.path()) != null) {
                result.add(stored.get(e.path()));
            }
        }
        return result;
    }

    /** The file with its blobs; null if it vanished. A file changed while read keeps what was read. */
    private FileEntry store(Path start, FileEntry file) throws IOException {
        Path path = start.resolve(file.path());
        StreamResult result;
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
             StreamWriter stream = session.newStream()) {
            // Sized to the file: most media files are small, and a tree has thousands of them.
            byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(8192, file.size() + 1))];
            for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                stream.write(buffer, 0, n);
            }
            result = stream.finish();
        } catch (NoSuchFileException e) {
            reporter.warning("skipped " + file.path() + ": removed during the backup");
            return null;
        } catch (AccessDeniedException e) {
            throw new FilesFailure("cannot read " + path + ": permission denied", e);
        }
        boolean changed = result.bytes() != file.size();
        try {
            changed |= !Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).equals(file.mtime());
        } catch (NoSuchFileException e) {
            changed = true;
        }
        if (changed) {
            reporter.warning(file.path() + " changed while it was read (size " + file.size()
                    + " → " + result.bytes() + " bytes read); kept what was read");
        }
        return new FileEntry(file.path(), EntryType.FILE, file.mode(), file.mtime(), result.bytes(), null,
                file.uid(), file.gid(), result.blobs(), changed);
    }
}
