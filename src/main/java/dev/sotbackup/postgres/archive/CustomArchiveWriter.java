package dev.sotbackup.postgres.archive;

import dev.sotbackup.output.OutputFile;
import dev.sotbackup.output.RunFiles;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * appended in TOC order — when the contents may be read concurrently; otherwise one part after another.
 */
public final class CustomArchiveWriter extends ArchiveWriter {

    private static final int BLK_DATA = 0x01;
    private static final int BLK_BLOBS = 0x03;

    private final OutputFile out;
    private final ArchiveWriterOptions options;
    private final TocEncoder encoder;

    CustomArchiveWriter(OutputFile out, ArchiveWriterOptions options) {
        this(out, options, ArchiveVersion.V1_14);
    }

    /** Other versions only for tests and for the day 13–15 support is dropped; see {@link ArchiveVersion}. */
    CustomArchiveWriter(OutputFile out, ArchiveWriterOptions options, ArchiveVersion version) {
        super(out::commit, out::close);
        this.out = out;
        this.options = options;
        this.encoder = new TocEncoder(version, ArchiveFormat.CUSTOM, options.compressed());
    }

    /**
     * Writes the archive. A seekable output (a temporary file) gets the TOC rewritten with the data blocks' offsets
     * at the end; a device, pipe or stream keeps them "not set", which pg_restore 13–18 handle by scanning.
     */
    @Override
    public void write(ArchiveContents contents) throws IOException {
        Toc toc = contents.toc();
        if (!out.seekable()) {
            BufferedOutputStream buffered = new BufferedOutputStream(out.stream(), 256 * 1024);
            writeSequentially(contents, new CountingOutputStream(buffered));
            buffered.flush();
            return;
        }
        CountingOutputStream counting = new CountingOutputStream(new BufferedOutputStream(out.stream(), 256 * 1024));
        Map<Integer, DataOffset> offsets = writeSequentially(contents, counting);
        counting.flush();
        byte[] finalToc = encoder.encode(toc, new TocEncoder.Offsets(offsets));
        if (finalToc.length != encoder.encode(toc, new TocEncoder.Offsets(Map.of())).length) {
            throw new IllegalStateException("TOC with offsets differs in length from its placeholder");
        }
        rewriteToc(out.channel(), finalToc);
    }

    private Map<Integer, DataOffset> writeSequentially(ArchiveContents contents, CountingOutputStream archive)
            throws IOException {
        Toc toc = contents.toc();
        archive.write(encoder.encode(toc, new TocEncoder.Offsets(Map.of())));

        List<TocEntry> dataEntries = toc.dataEntries();
        Map<Integer, List<DataPart>> partsByEntry = new HashMap<>();
        List<EncodeTask> tasks = new ArrayList<>();
        int level = options.compressionLevel();
        for (TocEntry entry : dataEntries) {
            if (entry.isLargeObjectData()) {
                tasks.add(EncodeTask.largeObjects(contents, entry, level));
            } else {
                List<DataPart> parts = contents.dataParts(entry);
                partsByEntry.put(entry.dumpId(), parts);
                for (DataPart part : parts) {
                    tasks.add(EncodeTask.tableDataPart(part, level));
                }
            }
        }

        RunFiles.Owned spillDirectory = null;
        try {
            PartFeed feed;
            if (options.jobs() > 1 && tasks.size() > 1 && contents.supportsConcurrentReads()) {
                spillDirectory = out.createSpillDirectory(options.spillDirectory());
                feed = PartFeed.spilling(tasks, options.jobs(), options.spillBudgetBytes(), spillDirectory.path());
            } else {
                feed = PartFeed.sequential(tasks);
            }
            try (feed) {
                Map<Integer, DataOffset> offsets = new HashMap<>();
                for (TocEntry entry : dataEntries) {
                    offsets.put(entry.dumpId(), DataOffset.at(archive.count()));
                    if (entry.isLargeObjectData()) {
                        archive.write(BLK_BLOBS);
                        archive.write(PrimitiveEncoder.encodeInt(entry.dumpId()));
                        feed.next(archive);
                    } else {
                        archive.write(BLK_DATA);
                        archive.write(PrimitiveEncoder.encodeInt(entry.dumpId()));
                        writeDataChunks(partsByEntry.get(entry.dumpId()).size(), feed, archive);
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
