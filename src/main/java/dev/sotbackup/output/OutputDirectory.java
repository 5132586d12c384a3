package dev.sotbackup.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An output directory being written (pg_dump -Fd): built in a locked temporary sibling ({@link RunFiles}) and
 * put in place by {@link #commit} — renamed when the target does not exist, or its files moved into it when it
 * is an empty directory (pg_dump accepts those). Anything else under the name, a file, a device or a non-empty
 * directory, is refused before any work is done.
 */
public final class OutputDirectory implements AutoCloseable {

    private final Path target;
    private final boolean existed;
    private final RunFiles.Owned building;

    private OutputDirectory(Path target, boolean existed, RunFiles.Owned building) {
        this.target = target;
        this.existed = existed;
        this.building = building;
    }

    /**
     * Opens {@code requested} (links followed) and removes what dead runs left beside it, one note each.
     *
     * @throws IOException one line: "could not create directory "X": it exists and is not a directory" …
     */
    public static OutputDirectory open(Path requested, Consumer<String> notes) throws IOException {
        Path target = requested.toAbsolutePath();
        boolean existed;
        if (Files.isDirectory(target)) {
            target = target.toRealPath();
            if (!isEmpty(target)) {
                throw cannotCreate(requested, "it exists and is not empty");
            }
            existed = true;
        } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw cannotCreate(requested, Files.exists(target) ? "it exists and is not a directory"
                    : "it is a symbolic link to nothing");
        } else {
            existed = false;
        }
        Path parent = target.getParent();
        String base = target.getFileName().toString();
        RunFiles.removeDeadBeside(parent, base, notes);
        try {
            return new OutputDirectory(target, existed, RunFiles.createDirectory(parent, base, RunFiles.Kind.TMP));
        } catch (NoSuchFileException e) {
            throw cannotCreate(requested, "No such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw cannotCreate(requested, "Permission denied");
        }
    }

    /** Where the writer puts the archive's files until {@link #commit}. */
    public Path path() {
        return building.path();
    }

    /** The files go in place: one rename for a new directory, file by file into an empty one. */
    public void commit() throws IOException {
        building.removeDirectoryLock();
        OutputFile.syncDirectory(building.path());
        if (!existed) {
            try {
                Files.move(building.path(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(building.path(), target);
            }
            building.release();
            OutputFile.syncDirectory(target.getParent());
            return;
        }
        if (!isEmpty(target)) {
            throw cannotCreate(target, "it is no longer empty");
        }
        List<Path> moved = new ArrayList<>();
        try (Stream<Path> files = Files.list(building.path())) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(file.getFileName());
                Files.move(file, destination);
                moved.add(destination);
            }
        } catch (IOException | RuntimeException e) {
            // Leave the empty directory as it was found rather than a partial archive in it.
            for (Path file : moved) {
                try {
                    RunFiles.deleteTree(file);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        building.close(); // now empty
        OutputFile.syncDirectory(target);
    }

    /** Without {@link #commit}: the temporary directory is deleted and the target left as it was. */
    @Override
    public void close() {
        building.close();
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.findAny().isEmpty();
        }
    }

    private static IOException cannotCreate(Path requested, String reason) {
        return new IOException("could not create directory \"" + requested + "\": " + reason);
    }
}
