package dev.sotbackup.postgres.archive;

import dev.sotbackup.output.OutputFile;
import dev.sotbackup.output.RunFiles;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.DataSource;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
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
 * concurrently into spill files (beside a file target, in java.io.tmpdir for anything else), biggest first, and
 * appended in TOC order.
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

    /** Writes the archive to {@code target}, replaced only when complete (see {@link OutputFile}). */
    public void write(Toc toc, DataSource data, LargeObjectSource largeObjects, Path target) throws IOException {
        try (OutputFile out = OutputFile.open(target, note -> { })) {
            write(toc, data, largeObjects, out);
            out.commit();
        }
    }

    /**
     * Writes the archive to a stream that cannot seek back (a pipe, stdout): offsets stay "not set", which
     * pg_restore 13–18 handle by scanning. The stream is flushed, not closed.
     */
    public void write(Toc toc, DataSource data, LargeObjectSource largeObjects, OutputStream target)
            throws IOException {
        write(toc, data, largeObjects, OutputFile.standardOutput(target, note -> { }));
    }

    /**
     * Writes the archive to {@code out}; the caller commits it. A seekable output (a temporary file) gets the TOC
     * rewritten with the data blocks' offsets at the end; a device, pipe or stream keeps them "not set".
     */
    public void write(Toc toc, DataSource data, LargeObjectSource largeObjects, OutputFile out) throws IOException {
        if (!out.seekable()) {
            BufferedOutputStream buffered = new BufferedOutputStream(out.stream(), 256 * 1024);
            writeSequentially(toc, data, largeObjects, new CountingOutputStream(buffered), out);
            buffered.flush();
            return;
        }
        CountingOutputStream counting = new CountingOutputStream(new BufferedOutputStream(out.stream(), 256 * 1024));
        Map<Integer, DataOffset> offsets = writeSequentially(toc, data, largeObjects, counting, out);
        counting.flush();
        byte[] finalToc = encoder.encode(toc, new TocEncoder.Offsets(offsets));
        if (finalToc.length != encoder.encode(toc, new TocEncoder.Offsets(Map.of())).length) {
            throw new IllegalStateException("TOC with offsets differs in length from its placeholder");
        }
        rewriteToc(out.channel(), finalToc);
    }

    private Map<Integer, DataOffset> writeSequentially(Toc toc, DataSource data, LargeObjectSource largeObjects,
            CountingOutputStream out, OutputFile output) throws IOException {
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

        RunFiles.Owned spillDirectory = null;
        try {
            PartFeed feed;
            if (options.jobs() > 1 && tasks.size() > 1) {
                spillDirectory = output.createSpillDirectory(options.spillDirectory());
                feed = PartFeed.spilling(tasks, options.jobs(), options.spillBudgetBytes(), spillDirectory.path());
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
            if (spillDirectory != null) {
                spillDirectory.close();
            }
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
