package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a custom-format archive ({@code pg_dump -Fc}, reference §5). Data is read with positional reads on one
 * {@link FileChannel}, so several threads may stream different entries at once. Blocks are found through the
 * TOC's offsets; an archive written to a pipe has none, and is then scanned block by block (skipping payloads)
 * as far as needed, remembering every block seen, as pg_restore 12.4+ does.
 */
public final class CustomArchiveReader extends DecodedArchiveReader {

    private static final int BLK_DATA = 0x01;
    private static final int BLK_BLOBS = 0x03;

    private final Path file;
    private final FileChannel channel;
    private final Object scanLock = new Object();
    /** Blocks found by scanning: dumpId → file position of the block's type byte. Guarded by scanLock. */
    private final Map<Integer, Long> scanned = new HashMap<>();
    /** Where scanning resumes; -1 once the end of the file was reached. Guarded by scanLock. */
    private long scanPosition;

    private CustomArchiveReader(Path file, FileChannel channel, DecodedToc decoded) {
        // Positional reads on one channel: any number of threads at once.
        super(decoded, true);
        this.file = file;
        this.channel = channel;
        this.scanPosition = decoded.tocEnd();
    }

    public static CustomArchiveReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(0)), 64 * 1024);
            DecodedToc decoded = TocDecoder.decode(in, ArchiveFormat.CUSTOM, channel.size(), file.toString());
            return new CustomArchiveReader(file, channel, decoded);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    InputStream openEntryData(TocEntry entry, String what) throws IOException {
        ChannelInputStream in = openBlock(entry, BLK_DATA);
        if (in == null) {
            return InputStream.nullInputStream();
        }
        ChunkInputStream chunks = new ChunkInputStream(in, decoded.intSize(), what);
        return openChunks(what, chunks);
    }

    /**
     * The large objects of a BLOBS block: per object its OID and its own chunk sequence, one after another, so
     * asking for the next one first steps over whatever the reader left of the previous one.
     */
    @Override
    LargeObjects openLargeObjects(TocEntry blobsEntry, String what) throws IOException {
        ChannelInputStream in = openBlock(blobsEntry, BLK_BLOBS);
        if (in == null) {
            return LargeObjects.NONE;
        }
        return new LargeObjects() {
            private ChunkInputStream previous;
            private boolean ended;

            @Override
            public LargeObject next() throws IOException {
                if (previous != null) {
                    previous.skipRemaining();
                    previous = null;
                }
                if (ended) {
                    return null;
                }
                int oid = ChunkInputStream.readInt(in, decoded.intSize(), "large object OID in " + what);
                if (oid == 0) {
                    ended = true;
                    return null;
                }
                long unsignedOid = Integer.toUnsignedLong(oid);
                String objectWhat = "large object " + unsignedOid + " of " + what;
                ChunkInputStream chunks = new ChunkInputStream(in, decoded.intSize(), objectWhat);
                previous = chunks;
                AtomicBoolean opened = new AtomicBoolean();
                return new LargeObject(unsignedOid, new DataPart(0, () -> {
                    if (previous != chunks || !opened.compareAndSet(false, true)) {
                        throw new IllegalStateException(objectWhat + " is read once, before the next large object");
                    }
                    return openChunks(objectWhat, chunks);
                }));
            }
        };
    }

    /** The decoded chunks; the compressed stream must end exactly where the chunk sequence does. */
    private InputStream openChunks(String what, ChunkInputStream chunks) throws IOException {
        return EntryDataInputStream.open(what, () -> decoded.compression().decodeBlock(chunks),
                decoder -> !DataCompression.hasUnconsumedInput(decoder) && chunks.read() < 0);
    }

    /**
     * A stream positioned after the block header of the entry's data, header checked; null when the TOC says
     * the entry has no data after all (pg_restore then restores nothing either).
     */
    private ChannelInputStream openBlock(TocEntry entry, int expectedType) throws IOException {
        String what = TocDecoder.describe(entry);
        DataOffset offset = decoded.offsets().getOrDefault(entry.dumpId(), DataOffset.NONE);
        if (!entry.hasData() || offset.flag() == DataOffset.NO_DATA) {
            return null;
        }
        long position = offset.flag() == DataOffset.POS_SET ? offset.position() : scanFor(entry.dumpId(), what);
        if (position >= channel.size()) {
            throw ArchiveFormatException.truncated("data of " + what + " starts past the end of the file");
        }
        ChannelInputStream in = new ChannelInputStream(channel, position);
        int type = in.read();
        if (type < 0) {
            throw ArchiveFormatException.truncated("end of file at the data block of " + what);
        }
        int dumpId = ChunkInputStream.readInt(in, decoded.intSize(), "block header of " + what);
        if (type != BLK_DATA && type != BLK_BLOBS) {
            throw new ArchiveFormatException("data of " + what + " is corrupt: unrecognized data block type " + type);
        }
        if (dumpId != entry.dumpId()) {
            throw new ArchiveFormatException("data of " + what + " is corrupt: found block ID " + dumpId
                    + " where block ID " + entry.dumpId() + " was expected");
        }
        if (type != expectedType) {
            throw new ArchiveFormatException("data of " + what + " is corrupt: block type " + type
                    + " where " + expectedType + " was expected");
        }
        return in;
    }

    /** Scans forward from where the last scan stopped until the block appears or the file ends. */
    private long scanFor(int dumpId, String what) throws IOException {
        synchronized (scanLock) {
            while (!scanned.containsKey(dumpId) && scanPosition >= 0) {
                scanOneBlock();
            }
            Long position = scanned.get(dumpId);
            if (position == null) {
                throw new ArchiveFormatException("could not find the data block of " + what + " in " + file);
            }
            return position;
        }
    }

    private void scanOneBlock() throws IOException {
        ChannelInputStream in = new ChannelInputStream(channel, scanPosition);
        long start = in.position();
        int type = in.read();
        if (type < 0) {
            scanPosition = -1;
            return;
        }
        String where = "data block at offset " + start;
        int dumpId = ChunkInputStream.readInt(in, decoded.intSize(), "header of " + where);
        if (type == BLK_DATA) {
            new ChunkInputStream(in, decoded.intSize(), where).skipRemaining();
        } else if (type == BLK_BLOBS) {
            for (int oid = ChunkInputStream.readInt(in, decoded.intSize(), "large object OID in " + where); oid != 0;
                    oid = ChunkInputStream.readInt(in, decoded.intSize(), "large object OID in " + where)) {
                new ChunkInputStream(in, decoded.intSize(), where).skipRemaining();
            }
        } else {
            throw new ArchiveFormatException("unrecognized data block type (" + type + ") while searching archive "
                    + file + " at offset " + start);
        }
        scanned.putIfAbsent(dumpId, start);
        scanPosition = in.position();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
