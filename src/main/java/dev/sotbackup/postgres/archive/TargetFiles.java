package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Helpers for "nothing appears under the final name unless complete": temporary siblings (same directory,
 * hence same file system, so the final rename is atomic), fsync, and cleanup.
 */
final class TargetFiles {

    private TargetFiles() {
    }

    static Path parentOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of(".").toAbsolutePath();
    }

    static Path temporaryFileBeside(Path target) throws IOException {
        return Files.createTempFile(parentOf(target), "." + target.getFileName() + ".", ".tmp");
    }

    static Path temporaryDirectoryBeside(Path target, String purpose) throws IOException {
        return Files.createTempDirectory(parentOf(target), "." + target.getFileName() + "." + purpose + "-");
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Makes a rename or a new file durable; best effort where directories cannot be opened. */
    static void fsyncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform lets a directory be synced; the data files themselves are synced already.
        }
    }

    /** Renames atomically, replacing an existing file as pg_dump -f overwrites one. */
    static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(parentOf(target));
    }

    static boolean isEmptyDirectory(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.findAny().isEmpty();
        }
    }

    /** Deletes a file or tree, never throwing: it runs on failure paths where the first error matters. */
    static void deleteQuietly(Path path, Throwable reportTo) {
        if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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
        } catch (IOException | UncheckedIOException e) {
            if (reportTo != null) {
                reportTo.addSuppressed(e);
            }
        }
    }
}
