package dev.sotbackup.postgres.archive;

import dev.sotbackup.output.OutputDirectory;
import dev.sotbackup.output.OutputFile;
import dev.sotbackup.postgres.toc.ArchiveContents;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * pg_dump's output formats ({@code -F c|d|p}), each with its writer: the one place where a format becomes the
 * class that writes it, for {@code pg dump}, {@code export} and {@code pg restore -f} alike.
 */
public enum ArchiveFormat {
    CUSTOM(1),
    /** The directory format's toc.dat says "tar" (3): pg_restore expects exactly that quirk. */
    DIRECTORY(3),
    /** A SQL script for psql: no header, hence no format byte (pg_dump's archNull). */
    PLAIN(-1);

    private final int code;

    ArchiveFormat(int code) {
        this.code = code;
    }

    /** The format byte in an archive header (reference §3). */
    int code() {
        if (code < 0) {
            throw new IllegalStateException(this + " has no archive header");
        }
        return code;
    }

    /**
     * Opens a writer of this format on {@code target}: a file for custom and plain, replaced only on commit; a
     * directory for the directory format, which must be new or empty. Custom and plain write to {@code stdout}
     * when {@code target} is null.
     *
     * @param notes receives one line per leftover of an interrupted run removed beside the target
     */
    public ArchiveWriter open(Path target, OutputStream stdout, ArchiveWriterOptions options, Consumer<String> notes)
            throws IOException {
        if (this == DIRECTORY) {
            if (target == null) {
                throw new IllegalArgumentException("the directory format needs an output directory");
            }
            return new DirectoryArchiveWriter(OutputDirectory.open(target, notes), options);
        }
        OutputFile out = target == null ? OutputFile.standardOutput(stdout, notes) : OutputFile.open(target, notes);
        return this == CUSTOM ? new CustomArchiveWriter(out, options) : new PlainScriptWriter(out, options.script());
    }

    /** Opens, writes {@code contents} and commits: the whole archive in one call (see {@link #open}). */
    public void write(ArchiveContents contents, Path target, OutputStream stdout, ArchiveWriterOptions options,
            Consumer<String> notes) throws IOException {
        try (ArchiveWriter writer = open(target, stdout, options, notes)) {
            writer.write(contents);
            writer.commit();
        }
    }
}
