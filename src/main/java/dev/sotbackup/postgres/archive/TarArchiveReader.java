package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.TocEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar-format archive ({@code pg_dump -Ft}, reference §8): member toc.dat, then {@code <id>.dat},
 * {@code blob_<oid>.dat} and the large-object TOC. pg_restore reads such archives strictly in order; since we
 * have a file, the member offsets are indexed on open and entries can be read in any order, one at a time.
 */
public final class TarArchiveReader extends DataFileArchiveReader {

    private final Path file;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> members;

    private TarArchiveReader(Path file, TarFile tar, Map<String, TarArchiveEntry> members, DecodedToc decoded) {
        // One TarFile reads the members: one entry at a time.
        super(decoded, false);
        this.file = file;
        this.tar = tar;
        this.members = members;
    }

    public static TarArchiveReader open(Path file) throws IOException {
        TarFile tar;
        try {
            tar = new TarFile(file);
        } catch (IOException | RuntimeException e) {
            throw new ArchiveFormatException(file + " is not a readable tar archive: " + e.getMessage(), e);
        }
        try {
            long size = Files.size(file);
            Map<String, TarArchiveEntry> members = new HashMap<>();
            for (TarArchiveEntry member : tar.getEntries()) {
                if (member.getDataOffset() + member.getSize() > size) {
                    throw ArchiveFormatException.truncated("tar member " + member.getName()
                            + " runs past the end of the file");
                }
                members.putIfAbsent(member.getName(), member);
            }
            TarArchiveEntry toc = members.get("toc.dat");
            if (toc == null) {
                throw new ArchiveFormatException(file + " does not appear to be a valid archive (no toc.dat member)");
            }
            DecodedToc decoded;
            try (InputStream in = new BufferedInputStream(tar.getInputStream(toc), 64 * 1024)) {
                decoded = TocDecoder.decode(in, ArchiveFormat.DIRECTORY, toc.getSize(),
                        file + " (toc.dat)");
            }
            return new TarArchiveReader(file, tar, members, decoded);
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e;
        }
    }

    @Override
    BlobsToc openBlobsToc(TocEntry blobsEntry, String tocName, String what) throws IOException {
        TarArchiveEntry blobsToc = blobsTocMember(blobsEntry, tocName);
        if (blobsToc == null) {
            throw new ArchiveFormatException("large object TOC member of " + what + " is missing from " + file);
        }
        return new BlobsToc(tar.getInputStream(blobsToc), tocName);
    }

    /**
     * pg_dump's tar format names a BLOBS entry's file "{@code <id>.dat}" in the TOC, but writes the large
     * objects as {@code blob_<oid>.dat} members listed in {@code blobs.toc} (1.16: presumably
     * {@code blobs_<id>.toc}, as in the directory format).
     */
    private TarArchiveEntry blobsTocMember(TocEntry blobsEntry, String tocName) {
        for (String name : new String[] {tocName, "blobs_" + blobsEntry.dumpId() + ".toc", "blobs.toc"}) {
            TarArchiveEntry member = members.get(name);
            if (member != null && name.endsWith(".toc")) {
                return member;
            }
        }
        return null;
    }

    /** A member by its TOC name; old pg_dump versions could gzip members, then named with ".gz". */
    @Override
    InputStream openFile(String name, String what) throws IOException {
        for (DataCompression compression : DataFiles.SUFFIX_ORDER) {
            TarArchiveEntry member = members.get(name + compression.fileSuffix());
            if (member != null) {
                return EntryDataInputStream.open(what, () -> compression.decodeFile(
                        new BufferedInputStream(tar.getInputStream(member), 64 * 1024)));
            }
        }
        throw new ArchiveFormatException("tar member \"" + name + "\" for " + what + " is missing from " + file);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
