package dev.sotbackup.files;

import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * A stored tree as a tar.gz, as {@code tar -czf media.tar.gz media/} would make it: every entry under one
 * leading directory named after the captured root's last segment ("media/…"), so that
 * {@code tar -xzf media.tar.gz -C /opt/netbox/netbox} puts it back where NetBox's documented recipe does.
 * Long and non-ASCII names, long link targets, sub-second mtimes and big sizes go into PAX headers.
 */
public final class TarExport {

    private TarExport() {
    }

    /** Writes the tar.gz of {@code component} to {@code out} (not closed). */
    public static void write(Repository repository, Component component, OutputStream out) throws IOException {
        write(repository, component, topDirectory(component), out);
    }

    /** As {@link #write(Repository, Component, OutputStream)} with the leading directory chosen by the caller. */
    public static void write(Repository repository, Component component, String topDirectory, OutputStream out)
            throws IOException {
        List<FileEntry> entries = FilesComponent.entries(component);
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(6);
        OutputStream unclosable = new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(new BufferedOutputStream(unclosable, 256 * 1024), gzip),
                StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (FileEntry e : entries) {
                TreeWriter.checkPath(e.path());
                String name = e.isRoot() ? topDirectory : topDirectory + "/" + e.path();
                TarArchiveEntry entry = switch (e.type()) {
                    case DIR -> new TarArchiveEntry(name + "/", TarConstants.LF_DIR, true);
                    case FILE -> new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
                    case SYMLINK -> new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                };
                entry.setMode(e.mode());
                // No names: GNU tar run as root would map "root" to uid 0 instead of using the stored ids.
                entry.setUserName("");
                entry.setGroupName("");
                entry.setLastModifiedTime(e.mtime());
                if (e.uid() != null) {
                    entry.setUserId(e.uid());
                }
                if (e.gid() != null) {
                    entry.setGroupId(e.gid());
                }
                if (e.type() == EntryType.SYMLINK) {
                    entry.setLinkName(e.target());
                }
                if (e.type() == EntryType.FILE) {
                    entry.setSize(e.size());
                }
                tar.putArchiveEntry(entry);
                if (e.type() == EntryType.FILE && !e.blobs().isEmpty()) {
                    try (InputStream in = repository.openBlobs(e.blobs())) {
                        long copied = in.transferTo(tar);
                        if (copied != e.size()) {
                            throw new FilesFailure("stored " + e.path() + " has " + copied
                                    + " bytes, the snapshot says " + e.size());
                        }
                    }
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    /** The captured root's last segment ("media"), else the component's name. */
    static String topDirectory(Component component) {
        String root = FilesComponent.root(component).replaceAll("/+$", "");
        String last = root.substring(root.lastIndexOf('/') + 1);
        if (last.isEmpty() || last.equals(".") || last.equals("..")) {
            last = component.name();
        }
        return last;
    }
}
