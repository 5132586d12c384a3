package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.Toc;

import java.util.Map;

/**
 * A header and TOC as read from an archive, with what the model does not carry: the version, the compression
 * and each entry's format-specific trailer.
 *
 * @param version      archive version from the header
 * @param compression  how data streams are compressed
 * @param intSize      size of integers in data blocks (custom format)
 * @param toc          the entries in archive (restore) order
 * @param offsets      custom format: each entry's data offset; empty for directory and tar
 * @param fileNames    directory and tar: each entry's data file name ("" when none); empty for custom
 * @param tocEnd       bytes consumed by header and TOC: where a custom file's data area begins
 */
record DecodedToc(ArchiveVersion version, DataCompression compression, int intSize, Toc toc,
        Map<Integer, DataOffset> offsets, Map<Integer, String> fileNames, long tocEnd) {
}
