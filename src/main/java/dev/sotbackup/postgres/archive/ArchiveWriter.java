package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;

import java.io.IOException;

/**
 * One archive being written in one format — pg_dump's ArchiveHandle with its format's callbacks. It is opened on
 * its target by {@link ArchiveFormat#open} (so a target that cannot be written fails before anything is read),
 * given the contents once, then committed: only then does the archive appear under its name. Closing it
 * uncommitted leaves the target as it was.
 */
public abstract sealed class ArchiveWriter implements AutoCloseable
        permits CustomArchiveWriter, DirectoryArchiveWriter, PlainScriptWriter {

    /** Puts the output in place. */
    @FunctionalInterface
    interface Commit {
        void commit() throws IOException;
    }

    private final Commit commit;
    private final Runnable discard;

    /**
     * @param commit  puts the written output in place (a file renamed over the target, a directory moved in, a
     *                stream flushed)
     * @param discard removes an output that was not committed
     */
    ArchiveWriter(Commit commit, Runnable discard) {
        this.commit = commit;
        this.discard = discard;
    }

    /** Writes the whole archive: the TOC, every data entry's parts and every large object, streamed. */
    public abstract void write(ArchiveContents contents) throws IOException;

    public final void commit() throws IOException {
        commit.commit();
    }

    /** Without {@link #commit}: whatever was written is removed. */
    @Override
    public final void close() {
        discard.run();
    }
}
