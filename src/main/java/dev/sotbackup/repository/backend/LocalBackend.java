package dev.sotbackup.repository.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A repository in a local directory: each object is a file under its name ({@code data/ab/<id>} gives the
 * fan-out of §1). Writes go to a hidden temp file in the target directory, are fsynced, and are renamed into
 * place, so a crash or a failure leaves either the whole object or nothing under its name.
 *
 * <p>Files are created 0600 and directories 0700 (restic's modes): key files, locks and packs are encrypted,
 * but nobody besides the repository's owner has any business listing or copying them.
 */
public final class LocalBackend implements Backend {

    /** Temp files start with this; object names never start with a dot, so {@link #list} skips them. */
    static final String TEMP_PREFIX = ".tmp-";

    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path root;
    /** False on file systems without POSIX permissions, where the modes cannot be set. */
    private final boolean posix;

    public LocalBackend(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.posix = this.root.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    public Path root() {
        return root;
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(path(name));
    }

    @Override
    public byte[] get(String name) throws BackendException {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw failure("read", name, e);
        }
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws BackendException {
        ObjectNames.checkRange(name, offset, length);
        try (FileChannel channel = FileChannel.open(path(name), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new BackendException("cannot read " + name + " in " + describe() + ": bytes " + offset
                            + ".." + (offset + length) + " requested but the object has " + channel.size());
                }
            }
            return buffer.array();
        } catch (BackendException e) {
            throw e;
        } catch (IOException e) {
            throw failure("read", name, e);
        }
    }

    @Override
    public long size(String name) throws BackendException {
        try {
            return Files.size(path(name));
        } catch (IOException e) {
            throw failure("stat", name, e);
        }
    }

    @Override
    public void put(String name, byte[] content) throws BackendException {
        write(name, out -> out.write(content));
    }

    @Override
    public void putFile(String name, Path file) throws BackendException {
        write(name, out -> Files.copy(file, out));
    }

    /** Stores what {@code source} yields; package-private so tests can make the source fail mid-way. */
    void putStream(String name, InputStream source) throws BackendException {
        write(name, source::transferTo);
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private void write(String name, Content content) throws BackendException {
        Path target = path(name);
        Path directory = target.getParent();
        Path temp = directory.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(directory, directoryAttributes());
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), fileAttributes())) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            // rename(2) replaces an existing object atomically, which is harmless: same name, same content.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(directory);
        } catch (IOException e) {
            throw failure("write", name, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public SortedMap<String, Long> listWithSizes(String prefix) throws BackendException {
        ObjectNames.checkPrefix(prefix);
        // Walk only the deepest directory the prefix names: "data/" must not scan keys/ or snapshots/.
        int slash = prefix.lastIndexOf('/');
        Path base = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        SortedMap<String, Long> objects = new TreeMap<>();
        if (!Files.isDirectory(base)) {
            return objects; // nothing there yet (or not a repository: opening says so)
        }
        try {
            // Links are followed so that a repository (or its data/) may live behind a symlink on another disk.
            Files.walkFileTree(base, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            String name = objectName(file);
                            if (attributes.isRegularFile() && name != null && name.startsWith(prefix)) {
                                objects.put(name, attributes.size());
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            // Read in the directory, gone before its attributes were (a lock released, a pack
                            // pruned, a missing base): it is not there, which is what the listing says.
                            if (e instanceof NoSuchFileException) {
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw failure("list", prefix.isEmpty() ? "objects" : prefix, e);
        }
        return objects;
    }

    /** Creates the directory 0700, or narrows an existing (empty) one to 0700, as restic's init does. */
    @Override
    public void create() throws BackendException {
        try {
            Files.createDirectories(root, directoryAttributes());
            if (posix) {
                Files.setPosixFilePermissions(root, DIRECTORY_MODE);
            }
        } catch (IOException e) {
            throw new BackendException("cannot create the repository directory " + root + ": " + reason(e), e);
        }
    }

    @Override
    public void delete(String name) throws BackendException {
        try {
            Files.deleteIfExists(path(name));
        } catch (IOException e) {
            throw failure("delete", name, e);
        }
    }

    @Override
    public String describe() {
        return "local:" + root;
    }

    @Override
    public void close() {
        // Nothing held open between calls.
    }

    @Override
    public String toString() {
        return describe();
    }

    private Path path(String name) {
        return root.resolve(ObjectNames.check(name));
    }

    /** The object name of a file under the root, or null for temp files and other dot-files. */
    private String objectName(Path file) {
        Path relative = root.relativize(file);
        StringBuilder name = new StringBuilder();
        for (Path segment : relative) {
            if (segment.toString().startsWith(".")) {
                return null;
            }
            if (!name.isEmpty()) {
                name.append('/');
            }
            name.append(segment);
        }
        return name.toString();
    }

    private BackendException failure(String action, String name, IOException e) {
        if (!"write".equals(action) && e instanceof NoSuchFileException missing
                && root.resolve(name).equals(Path.of(missing.getFile()))) {
            return new NoSuchObjectException(name + " does not exist in " + describe());
        }
        String preposition = "write".equals(action) ? " to " : " in ";
        return new BackendException("cannot " + action + " " + name + preposition + describe() + ": " + reason(e),
                e);
    }

    /** The cause in one line; the JDK's file-system exceptions carry only the path as their message. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs) {
            String what = fs instanceof NoSuchFileException ? "No such file or directory"
                    : fs instanceof AccessDeniedException ? "Permission denied"
                    : fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
            return what + (fs.getFile() != null ? " (" + fs.getFile() + ")" : "");
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private FileAttribute<?>[] fileAttributes() {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
    }

    private FileAttribute<?>[] directoryAttributes() {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY_MODE)}
                : new FileAttribute<?>[0];
    }

    /** Makes the rename durable; some file systems cannot open a directory for fsync, which is no failure. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Best effort: the object itself is already fsynced.
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // The temp file is hidden from list(); a leftover is harmless.
        }
    }
}
