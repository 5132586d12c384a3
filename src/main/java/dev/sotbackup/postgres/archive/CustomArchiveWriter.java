package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.DataSource;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a custom-format archive ({@code pg_dump -Fc}, reference §5), version 1.14 so that pg_restore 13–18
 * read it.
 *
 * <p>Layout: header and TOC with placeholder offsets, one data block per data entry in TOC order, then (for a
 * file) the TOC rewritten in place with the blocks' positions. With compression each TABLE DATA block is one
 * zlib stream assembled from independently deflated parts; with {@code jobs > 1} parts are produced
 * concurrently into spill files beside the target, biggest first, and appended in TOC order.
 */
public final class CustomArchiveWriter {

    private static final int BLK_DATA = 0x01;
    private static final int BLK_BLOBS = 0x03;

    private final ArchiveWriterOptions options;
    private final TocEncoder encoder;

    public CustomArchiveWriter(ArchiveWriterOptions options) {
        this(options, ArchiveVersion.V1_14);
    }

    /** Other versions only for tests and for the day 13–15 support is dropped; see {@link ArchiveVersion}. */
    CustomArchiveWriter(ArchiveWriterOptions options, ArchiveVersion version) {
        this.options = options;
        this.encoder = new TocEncoder(version, ArchiveFormat.CUSTOM, options.compressed());
    }

    /**
     * Writes the archive to {@code target} through a temporary sibling that is synced and renamed over the
     * target only when complete; on failure nothing is left behind.
     */
    public void write(Toc toc, DataSource data, LargeObjectSource largeObjects, Path target) throws IOException {
        Path temporary = TargetFiles.temporaryFileBeside(target);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                // Not closed: closing it would close the channel we still need for the TOC rewrite.
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 256 * 1024);
                CountingOutputStream out = new CountingOutputStream(buffered);
                Map<Integer, DataOffset> offsets = writeSequentially(toc, data, largeObjects, out,
                        TargetFiles.parentOf(target), target.getFileName().toString());
                out.flush();
                byte[] finalToc = encoder.encode(toc, new TocEncoder.Offsets(offsets));
                if (finalToc.length != encoder.encode(toc, new TocEncoder.Offsets(Map.of())).length) {
                    throw new IllegalStateException("TOC with offsets differs in length from its placeholder");
                }
                rewriteToc(channel, finalToc);
                channel.force(true);
            }
            TargetFiles.moveIntoPlace(temporary, target);
        } catch (IOException | RuntimeException | Error e) {
            TargetFiles.deleteQuietly(temporary, e);
            throw e;
        }
    }

    /**
     * Writes the archive to a stream that cannot seek back (a pipe, stdout): offsets stay "not set", which
     * pg_restore 13–18 handle by scanning. The stream is flushed, not closed.
     */
    public void write(Toc toc, DataSource data, LargeObjectSource largeObjects, OutputStream target)
            throws IOException {
        Path spillParent = options.spillDirectory() != null ? options.spillDirectory()
                : Path.of(System.getProperty("java.io.tmpdir"));
        BufferedOutputStream buffered = new BufferedOutputStream(new UncloseableOutputStream(target), 256 * 1024);
        writeSequentially(toc, data, largeObjects, new CountingOutputStream(buffered), spillParent, "archive");
        buffered.flush();
    }

    private Map<Integer, DataOffset> writeSequentially(Toc toc, DataSource data, LargeObjectSource largeObjects,
            CountingOutputStream out, Path spillParent, String spillName) throws IOException {
        out.write(encoder.encode(toc, new TocEncoder.Offsets(Map.of())));

        List<TocEntry> dataEntries = toc.dataEntries();
        Map<Integer, List<DataPart>> partsByEntry = new HashMap<>();
        List<EncodeTask> tasks = new ArrayList<>();
        int level = options.compressionLevel();
        for (TocEntry entry : dataEntries) {
            if (entry.isLargeObjectData()) {
                tasks.add(EncodeTask.largeObjects(largeObjects.largeObjects(entry), level));
            } else {
                List<DataPart> parts = data.parts(entry);
                partsByEntry.put(entry.dumpId(), parts);
                for (DataPart part : parts) {
                    tasks.add(EncodeTask.tableDataPart(part, level));
                }
            }
        }

        Path spillDirectory = null;
        try {
            PartFeed feed;
            if (options.jobs() > 1 && tasks.size() > 1) {
                spillDirectory = Files.createTempDirectory(spillParent, "." + spillName + ".spill-");
                feed = PartFeed.spilling(tasks, options.jobs(), options.spillBudgetBytes(), spillDirectory);
            } else {
                feed = PartFeed.sequential(tasks);
            }
            try (feed) {
                Map<Integer, DataOffset> offsets = new HashMap<>();
                for (TocEntry entry : dataEntries) {
                    offsets.put(entry.dumpId(), DataOffset.at(out.count()));
                    if (entry.isLargeObjectData()) {
                        out.write(BLK_BLOBS);
                        out.write(PrimitiveEncoder.encodeInt(entry.dumpId()));
                        feed.next(out);
                    } else {
                        out.write(BLK_DATA);
                        out.write(PrimitiveEncoder.encodeInt(entry.dumpId()));
                        writeDataChunks(partsByEntry.get(entry.dumpId()).size(), feed, out);
                    }
                }
                return offsets;
            }
        } finally {
            TargetFiles.deleteQuietly(spillDirectory, null);
        }
    }

    /** One entry's chunk sequence: its parts, framed as a single zlib stream when compressing. */
    private void writeDataChunks(int partCount, PartFeed feed, OutputStream out) throws IOException {
        ChunkOutputStream chunks = new ChunkOutputStream(out);
        boolean compressed = options.compressed();
        if (compressed) {
            chunks.write(ZlibFraming.header(options.compressionLevel()));
        }
        PartDigest whole = PartDigest.EMPTY;
        for (int i = 0; i < partCount; i++) {
            whole = whole.followedBy(feed.next(chunks));
        }
        if (compressed) {
            chunks.write(ZlibFraming.trailer(whole.adler32()));
        }
        chunks.finish();
        out.write(PrimitiveEncoder.encodeInt(0));
    }

    private static void rewriteToc(FileChannel channel, byte[] toc) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(toc);
        long position = 0;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }
}
