package dev.sotbackup.output;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One output file being written — the single place where sot-backup turns a path the user named into bytes on
 * disk. A regular file (or a new name) is written to a locked temporary sibling ({@link RunFiles}) and only
 * {@link #commit} syncs it and renames it over the target, so a failed or killed run never leaves half a file under
 * the final name and never destroys the previous one. A device, FIFO or open file (/dev/null, a named pipe,
 * /dev/stdout) is written in place ({@link OutputPath}); standard output is a stream. Spill files of non-file
 * outputs go to java.io.tmpdir.
 *
 * <p>Opening removes what dead runs left beside the target and in java.io.tmpdir, with a note for each.
 * Use as: {@code try (OutputFile out = OutputFile.open(path, notes)) { write; out.commit(); }} — closing without
 * committing discards the temporary file and keeps the previous target.
 */
public final class OutputFile implements AutoCloseable {

    /** Permissions of a file that did not exist before; a replaced file keeps its own. */
    public enum NewFile {
        /** rw------- like the temporary files pg_dump's callers make with umask 077: dumps hold the data. */
        OWNER_ONLY,
        /** As the umask says: files other programs read, such as node_exporter's metrics. */
        UMASK
    }

    private final String name;
    private final Path target;
    private final RunFiles.Owned temporary;
    private final FileChannel channel;
    private final OutputStream stream;
    private final Path spillParent;
    private boolean committed;

    private OutputFile(String name, Path target, RunFiles.Owned temporary, FileChannel channel, OutputStream stream,
            Path spillParent) {
        this.name = name;
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.stream = new FilterOutputStream(stream) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush(); // the output is closed by commit or close, never by a writer
            }
        };
        this.spillParent = spillParent;
    }

    /** Opens {@code requested} as an archive or script output: a new file is readable by its owner only. */
    public static OutputFile open(Path requested, Consumer<String> notes) throws IOException {
        return open(requested, NewFile.OWNER_ONLY, notes);
    }

    /**
     * Opens {@code requested} for writing, before any work is done, so that an impossible output fails first.
     *
     * @param notes receives one line per leftover of a dead run removed (or found and not removable)
     * @throws IOException one line: "could not open output file "X": Is a directory", "No such file or directory"…
     */
    public static OutputFile open(Path requested, NewFile permissions, Consumer<String> notes) throws IOException {
        Objects.requireNonNull(notes, "notes");
        RunFiles.removeDeadSpills(notes);
        return switch (OutputPath.of(requested)) {
            case OutputPath.Replaced replaced -> openReplaced(requested, replaced.file(), permissions, notes);
            case OutputPath.InPlace inPlace -> {
                FileChannel channel;
                try {
                    // No CREATE, no TRUNCATE: what exists is written as it is (a FIFO waits for its reader here).
                    channel = FileChannel.open(inPlace.path(), StandardOpenOption.WRITE);
                } catch (IOException e) {
                    throw OutputPath.cannotOpen(requested, e);
                }
                yield new OutputFile(requested.toString(), inPlace.path(), null, channel,
                        Channels.newOutputStream(channel), RunFiles.temporaryDirectory());
            }
        };
    }

    private static OutputFile openReplaced(Path requested, Path file, NewFile permissions, Consumer<String> notes)
            throws IOException {
        Path directory = file.getParent();
        String base = file.getFileName().toString();
        RunFiles.removeDeadBeside(directory, base, notes);
        RunFiles.Owned temporary;
        try {
            temporary = RunFiles.createFile(directory, base, attributes(permissions, file));
        } catch (IOException e) {
            throw OutputPath.cannotOpen(requested, e);
        }
        if (Files.exists(file)) {
            try {
                Files.setPosixFilePermissions(temporary.path(), Files.getPosixFilePermissions(file));
            } catch (IOException | UnsupportedOperationException e) {
                // The replacement keeps the default permissions; the content is what matters.
            }
        }
        return new OutputFile(requested.toString(), file, temporary, temporary.channel(),
                Channels.newOutputStream(temporary.channel()), directory);
    }

    private static FileAttribute<?>[] attributes(NewFile permissions, Path file) {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        return permissions == NewFile.OWNER_ONLY && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /** Whether an output named on the command line is "-": standard output, as pg_restore -f - has it. */
    public static boolean isStandardOutput(Path named) {
        return named != null && named.toString().equals("-");
    }

    /** Standard output as an output: written as a stream, spill files in java.io.tmpdir. Never closed here. */
    public static OutputFile standardOutput(OutputStream stdout, Consumer<String> notes) {
        RunFiles.removeDeadSpills(notes);
        return new OutputFile("standard output", null, null, null, stdout, RunFiles.temporaryDirectory());
    }

    /** Whether {@link #channel} can seek back (a temporary file): a writer may then fill in offsets afterwards. */
    public boolean seekable() {
        return temporary != null;
    }

    /** The temporary file's channel, for positioned writes; only when {@link #seekable}. */
    public FileChannel channel() {
        if (!seekable()) {
            throw new IllegalStateException(name + " cannot seek");
        }
        return channel;
    }

    /** The output as a stream; unbuffered, and closing it only flushes. */
    public OutputStream stream() {
        return stream;
    }

    /**
     * Creates a directory for spill files of this output, deleted when the returned handle is closed: beside a
     * replaced file (same file system, cleaned up with it), else in {@code elsewhere} when given or java.io.tmpdir.
     */
    public RunFiles.Owned createSpillDirectory(Path elsewhere) throws IOException {
        Path parent = seekable() || elsewhere == null ? spillParent : elsewhere;
        String base = target == null ? "archive" : target.getFileName().toString();
        return RunFiles.createDirectory(parent, base, RunFiles.Kind.SPILL);
    }

    /** Where the output ends up: the replaced file, the device or pipe written; null for standard output. */
    public Path target() {
        return target;
    }

    /**
     * Finishes the output: a temporary file is synced and renamed over the target (atomically where the file
     * system can), then the directory is synced; an in-place file is flushed and closed; a stream is flushed.
     */
    public void commit() throws IOException {
        if (committed) {
            throw new IllegalStateException("already committed");
        }
        stream.flush();
        if (temporary != null) {
            channel.force(true);
            try {
                Files.move(temporary.path(), target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary.path(), target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            // Unlocked only now: until the rename the temporary file was ours, and locked as such.
            temporary.release();
            syncDirectory(target.getParent());
        } else {
            committed = true;
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** Without {@link #commit}: the temporary file is deleted and the target left as it was. */
    @Override
    public void close() {
        if (temporary != null) {
            temporary.close(); // a no-op once released by commit
        } else if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // An in-place output that failed already has its first error on the way up.
            }
        }
    }

    /** Makes a rename or a new entry durable; best effort where a directory cannot be opened. */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform lets a directory be synced; the data files themselves are synced already.
        }
    }
}
