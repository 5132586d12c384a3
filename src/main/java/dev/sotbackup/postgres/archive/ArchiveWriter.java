package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;

import java.io.IOException;

/**
 * One archive being written in one format — pg_dump's ArchiveHandle with its format's callbacks. It is opened on
 * its target by {@link ArchiveFormat#open} (so a target that cannot be written fails before anything is read),
 * given the contents once, then committed: only then does the archive appear under its name. Closing it
 * uncommitted leaves the target as it was.
 */
public sealed interface ArchiveWriter extends AutoCloseable
        permits CustomArchiveWriter, DirectoryArchiveWriter, PlainScriptWriter {

    /** Writes the whole archive: the TOC, every data entry's parts and every large object, streamed. */
    void write(ArchiveContents contents) throws IOException;

    /** Puts the archive in place (a file renamed over the target, a directory moved in, a stream flushed). */
    void commit() throws IOException;

    /** Without {@link #commit}: whatever was written is removed. */
    @Override
    void close();
}
