package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.Toc;
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
public final class TarArchiveReader implements ArchiveContents {

    private final Path file;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> members;
    private final DecodedToc decoded;

    private TarArchiveReader(Path file, TarFile tar, Map<String, TarArchiveEntry> members, DecodedToc decoded) {
        this.file = file;
        this.tar = tar;
        this.members = members;
        this.decoded = decoded;
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
                decoded = TocDecoder.decode(in, ArchiveFormat.DIRECTORY, toc.getSize());
            }
            return new TarArchiveReader(file, tar, members, decoded);
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e;
        }
    }

    @Override
    public Toc toc() {
        return decoded.toc();
    }

    public ArchiveVersion version() {
        return decoded.version();
    }

    /** Tar archives hold uncompressed members; anything else the header says is only informational. */
    @Override
    public boolean supportsConcurrentReads() {
        return false;
    }

    @Override
    public InputStream openData(TocEntry entry) throws IOException {
        if (entry.isLargeObjectData()) {
            throw new IllegalArgumentException(
                    TocDecoder.describe(entry) + " holds large objects: use forEachLargeObject");
        }
        String name = decoded.fileNames().getOrDefault(entry.dumpId(), "");
        if (!entry.hasData() || name.isEmpty()) {
            return InputStream.nullInputStream();
        }
        return openMember(name, TocDecoder.describe(entry));
    }

    @Override
    public void forEachLargeObject(TocEntry blobsEntry, LargeObjectVisitor visitor) throws IOException {
        if (!blobsEntry.isLargeObjectData()) {
            throw new IllegalArgumentException(TocDecoder.describe(blobsEntry) + " is not a BLOBS entry");
        }
        String what = TocDecoder.describe(blobsEntry);
        String tocName = decoded.fileNames().getOrDefault(blobsEntry.dumpId(), "");
        if (!blobsEntry.hasData() || tocName.isEmpty()) {
            return;
        }
        TarArchiveEntry blobsToc = blobsTocMember(blobsEntry, tocName);
        if (blobsToc == null) {
            throw new ArchiveFormatException("large object TOC member of " + what + " is missing from " + file);
        }
        try (InputStream in = tar.getInputStream(blobsToc)) {
            for (DataFiles.BlobFile blob : DataFiles.parseBlobsToc(in, tocName)) {
                try (InputStream content = openMember(blob.fileName(),
                        "large object " + blob.oid() + " of " + what)) {
                    visitor.visit(blob.oid(), content);
                }
            }
        }
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
    private InputStream openMember(String name, String what) throws IOException {
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
