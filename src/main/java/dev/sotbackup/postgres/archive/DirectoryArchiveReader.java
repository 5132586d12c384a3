package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.TocEntry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a directory-format archive ({@code pg_dump -Fd}, reference §7): toc.dat (format byte 3, file-name
 * trailers) and one file per data entry, compressed as its suffix says. Every entry has its own file, so any
 * number of threads may read at once.
 */
public final class DirectoryArchiveReader extends DataFileArchiveReader {

    private final Path directory;

    private DirectoryArchiveReader(Path directory, DecodedToc decoded) {
        super(decoded, true);
        this.directory = directory;
    }

    public static DirectoryArchiveReader open(Path directory) throws IOException {
        Located toc = locate(directory, "toc.dat");
        if (toc == null) {
            throw new ArchiveFormatException(directory + " does not appear to be a valid archive (no toc.dat)");
        }
        try (InputStream in = EntryDataInputStream.open("toc.dat",
                () -> toc.compression().decodeFile(new BufferedInputStream(Files.newInputStream(toc.file()))))) {
            long size = toc.compression() == DataCompression.NONE ? Files.size(toc.file()) : Long.MAX_VALUE;
            return new DirectoryArchiveReader(directory, TocDecoder.decode(in, ArchiveFormat.DIRECTORY, size,
                    toc.file().toString()));
        }
    }

    /** Whether {@code directory} holds a toc.dat in any of the suffixes pg_restore accepts. */
    static boolean looksLikeArchive(Path directory) {
        return locate(directory, "toc.dat") != null;
    }

    @Override
    BlobsToc openBlobsToc(TocEntry blobsEntry, String tocName, String what) throws IOException {
        Path blobsToc = safeResolve(tocName, what);
        if (!Files.isRegularFile(blobsToc)) {
            throw new ArchiveFormatException("could not open large object TOC file \"" + blobsToc + "\" of " + what);
        }
        return new BlobsToc(Files.newInputStream(blobsToc), blobsToc.toString());
    }

    @Override
    InputStream openFile(String name, String what) throws IOException {
        Path base = safeResolve(name, what);
        Located file = locate(base.getParent(), base.getFileName().toString());
        if (file == null) {
            throw new ArchiveFormatException("could not open input file \"" + base + "\" for " + what);
        }
        return EntryDataInputStream.open(what, () -> file.compression()
                .decodeFile(new BufferedInputStream(Files.newInputStream(file.file()), 64 * 1024)));
    }

    /** File names come from the archive: keep them inside the directory. */
    private Path safeResolve(String name, String what) throws ArchiveFormatException {
        Path resolved = directory.resolve(name).normalize();
        if (name.contains("/") || name.contains("\\") || !resolved.startsWith(directory.normalize())) {
            throw new ArchiveFormatException("invalid data file name \"" + name + "\" for " + what);
        }
        return resolved;
    }

    private record Located(Path file, DataCompression compression) {
    }

    private static Located locate(Path directory, String name) {
        for (DataCompression compression : DataFiles.SUFFIX_ORDER) {
            Path candidate = directory.resolve(name + compression.fileSuffix());
            if (Files.isRegularFile(candidate)) {
                return new Located(candidate, compression);
            }
        }
        return null;
    }

    @Override
    public void close() {
        // Nothing held open between calls: every stream opens its own file.
    }
}
