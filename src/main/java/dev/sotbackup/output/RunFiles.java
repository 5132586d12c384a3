package dev.sotbackup.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a run creates beside its outputs, or in java.io.tmpdir, while it writes them:
 * {@code .<name>.sot-<pid>-<n>.tmp} (a file or directory being built, renamed into place when complete) and
 * {@code .<name>.sot-<pid>-<n>.spill} (a directory of spill files). A killed run leaves them behind; the next run
 * that writes the same output removes those whose owner is provably gone.
 *
 * <p>The owner holds an exclusive lock while it works — on the temporary file itself, or on a lock file inside a
 * directory — and the kernel drops it when the process dies, whatever PID namespace or host it ran in. A leftover
 * is removed only when its lock is free and its PID is not a live process here; our own PID counts as gone when
 * this JVM did not create the leftover, because a container's next run usually gets the same small PID.
 */
public final class RunFiles {

    /** What an owned name is for; its suffix. */
    public enum Kind {
        TMP("tmp"), SPILL("spill");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    private static final Pattern OWNED = Pattern.compile("\\.(.+)\\.sot-(\\d+)-(\\d+)\\.(tmp|spill)");
    static final String DIRECTORY_LOCK = ".sot-owner.lock";
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Everything this JVM is working on: never judged by its lock (closing a probe would release ours). */
    private static final Set<Path> OURS = ConcurrentHashMap.newKeySet();

    private RunFiles() {
    }

    /** Where leftovers of outputs that have no directory of their own go: spill files of a device or a pipe. */
    public static Path temporaryDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }

    /** A new, locked file named for {@code base} in {@code directory}, created with {@code attributes}. */
    static Owned createFile(Path directory, String base, FileAttribute<?>... attributes) throws IOException {
        while (true) {
            Path path = ownedName(directory, base, Kind.TMP);
            try {
                Files.createFile(path, attributes);
            } catch (FileAlreadyExistsException e) {
                continue; // our own PID from an earlier life, with the same number: take the next
            }
            return Owned.lock(path, path);
        }
    }

    /** A new directory named for {@code base} in {@code directory}, locked through a lock file inside it. */
    public static Owned createDirectory(Path directory, String base, Kind kind) throws IOException {
        while (true) {
            Path path = ownedName(directory, base, kind);
            try {
                Files.createDirectory(path);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            try {
                Path lockFile = path.resolve(DIRECTORY_LOCK);
                Files.createFile(lockFile);
                return Owned.lock(path, lockFile);
            } catch (IOException | RuntimeException e) {
                deleteTree(path);
                throw e;
            }
        }
    }

    private static Path ownedName(Path directory, String base, Kind kind) {
        return directory.resolve("." + base + ".sot-" + PID + "-" + SEQUENCE.incrementAndGet() + "." + kind.suffix);
    }

    /**
     * Removes what dead runs left in {@code directory} while writing {@code base} there (both kinds); one note per
     * leftover removed, or found and not removable, with the command that removes it.
     */
    public static void removeDeadBeside(Path directory, String base, Consumer<String> notes) {
        removeDead(directory, owned -> owned.group(1).equals(base), notes);
    }

    /** Removes dead runs' spill directories from java.io.tmpdir, whatever output they were for. */
    public static void removeDeadSpills(Consumer<String> notes) {
        removeDead(temporaryDirectory(), owned -> owned.group(4).equals(Kind.SPILL.suffix), notes);
    }

    private static void removeDead(Path directory, java.util.function.Predicate<Matcher> wanted,
            Consumer<String> notes) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, ".*.sot-*")) {
            for (Path entry : entries) {
                Matcher owned = OWNED.matcher(entry.getFileName().toString());
                if (!owned.matches() || !wanted.test(owned)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(owned.group(2));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ownerIsGone(entry, pid)) {
                    remove(entry, pid, notes);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // A directory we cannot list holds nothing we could remove either.
        }
    }

    private static boolean ownerIsGone(Path leftover, long pid) {
        if (OURS.contains(leftover.toAbsolutePath())) {
            return false;
        }
        if (pid != PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        return !isLocked(leftover);
    }

    /** Whether a live process holds the leftover's lock; a leftover killed before it took its lock is not. */
    private static boolean isLocked(Path leftover) {
        Path lockFile = Files.isDirectory(leftover, LinkOption.NOFOLLOW_LINKS) ? leftover.resolve(DIRECTORY_LOCK)
                : leftover;
        if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false; // no locks on this file system: the PID alone decides
        }
    }

    private static void remove(Path leftover, long pid, Consumer<String> notes) {
        String what = leftover.getFileName() + " in " + leftover.getParent() + ", left by an interrupted run (pid "
                + pid + ")";
        long bytes = sizeOf(leftover);
        try {
            deleteTree(leftover);
            notes.accept("removed " + what + ": " + bytes + " bytes");
        } catch (IOException | UncheckedIOException e) {
            String reason = OutputPath.reason(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
            notes.accept("could not remove " + what + " (" + reason + "); remove it with: rm -rf -- "
                    + shellQuoted(leftover.toAbsolutePath().toString()));
        }
    }

    private static long sizeOf(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.mapToLong(p -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    return attributes.isRegularFile() ? attributes.size() : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Deletes a file or a tree without following links. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A file or directory this run created and holds the lock of. {@link #close} deletes it (the failure path);
     * {@link #release} lets go of it once it is no longer ours to remove (renamed into place).
     */
    public static final class Owned implements AutoCloseable {
        private final Path path;
        private final Path lockFile;
        private final FileChannel channel;
        private boolean released;

        private Owned(Path path, Path lockFile, FileChannel channel) {
            this.path = path;
            this.lockFile = lockFile;
            this.channel = channel;
        }

        private static Owned lock(Path path, Path lockFile) throws IOException {
            OURS.add(path.toAbsolutePath());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                channel.tryLock();
            } catch (IOException e) {
                // A file system without locks: the PID in the name is all a later run can go by.
            }
            return new Owned(path, lockFile, channel);
        }

        public Path path() {
            return path;
        }

        /** The locked file's channel: for a temporary file, the one to write it through. */
        FileChannel channel() {
            return channel;
        }

        /** A directory's lock file goes before the directory becomes an output: it is no part of it. */
        void removeDirectoryLock() throws IOException {
            if (!lockFile.equals(path)) {
                channel.close();
                Files.deleteIfExists(lockFile);
            }
        }

        /** Stops owning the path: unlocked, and no longer deleted by {@link #close}. */
        void release() throws IOException {
            released = true;
            OURS.remove(path.toAbsolutePath());
            channel.close();
        }

        /** Deletes the path unless released; never throws, as it runs where a first failure is being reported. */
        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing only drops the lock; the deletion below is what matters.
            }
            try {
                deleteTree(path);
            } catch (IOException ignored) {
                // Left for the next run, which finds it unlocked and removes it.
            } finally {
                OURS.remove(path.toAbsolutePath());
            }
        }
    }
}
