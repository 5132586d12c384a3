package dev.sotbackup.files;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Recreates a stored tree under a target directory. Directories first (parents before children), each file
 * written to a temporary name beside its destination and renamed over it, symlinks last — so that no file is
 * ever written through a symlink the tree itself created — then directory modes and mtimes deepest first, so
 * that writing the children neither changes a parent's mtime afterwards nor is blocked by a read-only parent.
 */
final class TreeWriter {
    private final Repository repository;
    private final Path target;
    private final boolean force;
    private final Reporter reporter;
    private final boolean unixView;
    /** Directories known to be real directories (not symlinks) under the target, relative paths. */
    private final Set<String> verified = new HashSet<>();

    TreeWriter(Repository repository, Path target, boolean force, Reporter reporter) {
        this.repository = repository;
        this.target = target.toAbsolutePath().normalize();
        this.force = force;
        this.reporter = reporter;
        this.unixView = this.target.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    FilesComponent.RestoreResult write(List<FileEntry> entries) throws IOException {
        entries.forEach(e -> checkPath(e.path()));
        prepareTarget();
        long dirs = 0;
        long files = 0;
        long links = 0;
        long bytes = 0;
        List<FileEntry> directories = new ArrayList<>();
        for (FileEntry e : entries) {
            if (e.type() == EntryType.DIR) {
                ensureDirectory(e.path());
                directories.add(e);
                dirs++;
            }
        }
        for (FileEntry e : entries) {
            if (e.type() == EntryType.FILE) {
                bytes += writeFile(e);
                files++;
                if (files % 1000 == 0) {
                    reporter.info("restored " + files + " files");
                }
            }
        }
        for (FileEntry e : entries) {
            if (e.type() == EntryType.SYMLINK) {
                writeSymlink(e);
                links++;
            }
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            FileEntry d = directories.get(i);
            Path path = resolve(d.path());
            setMode(path, d.mode());
            Files.setLastModifiedTime(path, d.mtime());
        }
        return new FilesComponent.RestoreResult(dirs, files, links, bytes);
    }

    /** Refuses "..", absolute and empty segments: a tampered snapshot or tar must not write outside the target. */
    static void checkPath(String path) {
        if (FileEntry.ROOT.equals(path)) {
            return;
        }
        if (path.isEmpty() || path.startsWith("/")) {
            throw new FilesFailure("refusing entry with unsafe path \"" + path + "\"");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0) {
                throw new FilesFailure("refusing entry with unsafe path \"" + path.replace("\n", "\\n") + "\"");
            }
        }
    }

    private void prepareTarget() throws IOException {
        checkTarget(target, force);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(target);
        }
        verified.add(FileEntry.ROOT);
    }

    /** Refuses a target that is not a directory, or one that holds anything unless {@code force}; writes nothing. */
    static void checkTarget(Path target, boolean force) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            boolean empty;
            try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
                empty = !children.iterator().hasNext();
            }
            if (!empty && !force) {
                throw new FilesFailure("target directory " + target
                        + " is not empty; choose an empty one or use --force to overwrite (extra files are kept)");
            }
        } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FilesFailure("target " + target + " exists and is not a directory");
        }
    }

    private Path resolve(String rel) {
        return FileEntry.ROOT.equals(rel) ? target : target.resolve(rel);
    }

    /** Creates every missing segment of {@code rel}, refusing anything in the way that is not a directory. */
    private void ensureDirectory(String rel) throws IOException {
        if (verified.contains(rel)) {
            return;
        }
        int slash = rel.lastIndexOf('/');
        ensureDirectory(slash < 0 ? FileEntry.ROOT : rel.substring(0, slash));
        Path path = resolve(rel);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(path);
        } else if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FilesFailure("cannot restore directory " + path + ": something else is in the way");
        }
        // Owner write and search while restoring; the stored mode is applied once the children are in.
        if (unixView) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 0300) != 0300) {
                Files.setAttribute(path, "unix:mode", (mode & 07777) | 0700, LinkOption.NOFOLLOW_LINKS);
            }
        }
        verified.add(rel);
    }

    private static String parentOf(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? FileEntry.ROOT : rel.substring(0, slash);
    }

    private long writeFile(FileEntry e) throws IOException {
        ensureDirectory(parentOf(e.path()));
        Path path = resolve(e.path());
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FilesFailure("cannot restore file " + path + ": a directory is in the way");
        }
        Path temp = path.resolveSibling(".sot-restore-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        long written;
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                if (e.blobs().isEmpty()) {
                    written = 0;
                } else {
                    try (InputStream in = repository.openBlobs(e.blobs())) {
                        written = in.transferTo(out);
                    }
                }
            }
            if (written != e.size()) {
                throw new FilesFailure("restored " + e.path() + " has " + written + " bytes, the snapshot says "
                        + e.size());
            }
            // Mode after writing: writes may clear setuid/setgid bits.
            setMode(temp, e.mode());
            Files.setLastModifiedTime(temp, e.mtime());
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return written;
    }

    private void writeSymlink(FileEntry e) throws IOException {
        ensureDirectory(parentOf(e.path()));
        Path path = resolve(e.path());
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            // Only reachable with force (the target was empty otherwise): the snapshot's entry wins.
            try {
                Files.delete(path);
            } catch (DirectoryNotEmptyException ex) {
                throw new FilesFailure("cannot restore symlink " + path + ": a directory is in the way", ex);
            }
        }
        Files.createSymbolicLink(path, path.getFileSystem().getPath(e.target()));
        try {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(e.mtime(), null, null);
        } catch (IOException | UnsupportedOperationException ex) {
            // A symlink's own mtime is cosmetic; some platforms cannot set it.
        }
    }

    private void setMode(Path path, int mode) throws IOException {
        if (unixView) {
            Files.setAttribute(path, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
        } else if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : PosixFilePermission.values()) {
                if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                    permissions.add(p);
                }
            }
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
