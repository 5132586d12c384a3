package dev.sotbackup.postgres.replicate;

import dev.sotbackup.postgres.archive.LargeObject;
import dev.sotbackup.postgres.archive.LargeObjectSource;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.dump.Dumper;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.DataSource;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A database read live, as an archive: the dump engine's TOC, and each data entry's COPY text streamed from the
 * source's exported snapshot at the moment the restore engine asks for it. Nothing is stored; this is what lets
 * {@code replicate} feed the restore engine (parallel load, index builds overlapping data, safe swap) straight
 * from another server.
 *
 * <p>Each part of an entry (one table, or one page range of a big table, then the COPY terminator) is produced
 * on its own thread into a bounded queue of chunks, so memory stays bounded whatever the table's size: at most
 * {@link #CHUNKS_PER_PART} chunks of {@link #CHUNK_BYTES} per started part. At most {@code sourceConnections}
 * parts run at once — as many as the dumper has connections — so a part that starts always has a connection.
 * The part a reader needs next is started as soon as any connection is free; parts further ahead of the same
 * entry start only when a connection is free right now, and never more than {@code sourceConnections} ahead.
 * Because every running part belongs to an entry whose reader is reading towards it, a blocked part always
 * waits for a reader that makes progress: no deadlock, whatever the restore engine opens in parallel.
 *
 * <p>A part that fails (a COPY error, a lost connection) surfaces as an {@link IOException} in the reader of
 * its entry; a reader closed early cancels its entry's running parts.
 */
public final class LiveArchive implements ArchiveContents {

    /** What producers hand to readers. */
    static final int CHUNK_BYTES = 256 << 10;
    /** Chunks buffered per started part: 2 MiB. */
    static final int CHUNKS_PER_PART = 8;
    /** Parts this small (the COPY terminator) are produced inline by the reader: they need no connection. */
    private static final long INLINE_PART_BYTES = 64;
    private static final long POLL_MILLIS = 100;
    private static final int SPARE_CHUNKS = 64;
    private static final byte[] END = new byte[0];
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final byte[] FAILED = new byte[0];

    private final Toc toc;
    private final DataSource data;
    private final LargeObjectSource largeObjects;
    private final Semaphore producers;
    private final int aheadParts;
    private final AutoCloseable owner;
    private final Map<Integer, Long> sizes = new ConcurrentHashMap<>();
    private final Set<EntryStream> openStreams = ConcurrentHashMap.newKeySet();
    private final LongAdder bytesStreamed = new LongAdder();
    private final LongAdder rowsStreamed = new LongAdder();
    private final AtomicInteger tablesStreamed = new AtomicInteger();
    private final AtomicInteger threadNumber = new AtomicInteger();
    /** Full chunks readers are done with, reused by producers: the data itself makes no garbage. */
    private final ArrayBlockingQueue<byte[]> spareChunks = new ArrayBlockingQueue<>(SPARE_CHUNKS);

    /**
     * @param sourceConnections how many parts may run at once: the number of connections the data source's
     *                          parts share (the dumper's {@code jobs})
     * @param owner             closed with this archive (the dumper), or null
     */
    public LiveArchive(Toc toc, DataSource data, LargeObjectSource largeObjects, int sourceConnections,
                       AutoCloseable owner) {
        if (sourceConnections < 1) {
            throw new IllegalArgumentException("sourceConnections must be at least 1");
        }
        this.toc = toc;
        this.data = data;
        this.largeObjects = largeObjects;
        this.producers = new Semaphore(sourceConnections, true);
        this.aheadParts = sourceConnections;
        this.owner = owner;
    }

    /**
     * Opens {@code source} with the dump engine — one snapshot-consistent transaction, {@code jobs} connections
     * that import it, tables over {@code splitBytes} cut into page ranges — and serves it as an archive.
     *
     * @param warnings receives non-fatal catalog problems, one line each
     * @param progress receives one line per COPY started
     */
    public static LiveArchive open(ConnInfo source, CatalogOptions options, int jobs, long splitBytes,
                                   Consumer<String> warnings, Consumer<String> progress) throws SQLException {
        Dumper dumper = Dumper.open(() -> Connector.open(source), options, jobs, splitBytes, "sot-backup",
                warnings, progress);
        return new LiveArchive(dumper.catalog().toc(), dumper.dataSource(), dumper.largeObjectSource(), jobs,
                dumper);
    }

    @Override
    public Toc toc() {
        return toc;
    }

    /**
     * The estimated size of an entry's data (the table's size on disk), for the restore engine's scheduling:
     * biggest tables first, and those over its threshold loaded over several connections.
     */
    public long dataSize(TocEntry entry) {
        if (!entry.isTableData()) {
            return 0;
        }
        return sizes.computeIfAbsent(entry.dumpId(),
                id -> data.parts(entry).stream().mapToLong(DataPart::sizeHint).sum());
    }

    /** COPY text bytes handed to readers so far. */
    public long bytesStreamed() {
        return bytesStreamed.sum();
    }

    /** Rows of the tables streamed to their end so far. */
    public long rowsStreamed() {
        return rowsStreamed.sum();
    }

    /** Tables whose data was streamed to its end. */
    public int tablesStreamed() {
        return tablesStreamed.get();
    }

    @Override
    public InputStream openData(TocEntry entry) throws IOException {
        if (!entry.hasData() || entry.isLargeObjectData()) {
            throw new IOException(entry.desc() + " " + entry.tag() + " has no COPY data");
        }
        EntryStream stream = new EntryStream(describe(entry), data.parts(entry), entry.isTableData());
        openStreams.add(stream);
        return stream;
    }

    @Override
    public void forEachLargeObject(TocEntry blobsEntry, LargeObjectVisitor visitor) throws IOException {
        for (LargeObject largeObject : largeObjects.largeObjects(blobsEntry)) {
            try (EntryStream content = new EntryStream("large object " + largeObject.oid(),
                    List.of(largeObject.content()), false)) {
                openStreams.add(content);
                visitor.visit(largeObject.oid(), content);
            }
        }
    }

    @Override
    public boolean supportsConcurrentReads() {
        return true;
    }

    /** Cancels whatever is still streaming, then closes the source (the dumper's snapshot and connections). */
    @Override
    public void close() throws IOException {
        for (EntryStream stream : openStreams) {
            stream.close();
        }
        if (owner != null) {
            try {
                owner.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    private static String describe(TocEntry entry) {
        return entry.namespace() == null || entry.namespace().isEmpty() ? entry.tag()
                : entry.namespace() + "." + entry.tag();
    }

    /** One entry's stream: its parts' outputs in order, each part produced on its own thread. */
    private final class EntryStream extends InputStream {
        private final String what;
        private final List<DataPart> parts;
        private final PartPipe[] pipes;
        private final boolean countRows;
        /** Index of the part being read; parts below it are done. */
        private int current;
        /** Parts started so far (0..started-1). */
        private int started;
        private byte[] chunk;
        private int position;
        private long newlines;
        private volatile boolean closed;

        EntryStream(String what, List<DataPart> parts, boolean countRows) {
            this.what = what;
            this.parts = parts;
            this.pipes = new PartPipe[parts.size()];
            this.countRows = countRows;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (true) {
                if (closed) {
                    throw new IOException("stream of " + what + " is closed");
                }
                if (chunk != null && position < chunk.length) {
                    int n = Math.min(length, chunk.length - position);
                    System.arraycopy(chunk, position, buffer, offset, n);
                    position += n;
                    return n;
                }
                if (current >= parts.size()) {
                    return -1;
                }
                if (chunk != null) {
                    recycle(chunk);
                    chunk = null;
                }
                startNeeded();
                startAhead();
                byte[] next = pipes[current].take(what);
                if (next == END) {
                    current++;
                    if (current == parts.size()) {
                        finished();
                    }
                    continue;
                }
                chunk = next;
                position = 0;
                bytesStreamed.add(next.length);
                if (countRows) {
                    newlines += countNewlines(next);
                }
            }
        }

        /** The part being read must run: wait for a connection if none is free. */
        private void startNeeded() throws IOException {
            if (started > current) {
                return;
            }
            DataPart part = parts.get(current);
            if (isInline(part)) {
                pipes[current] = produceInline(part);
                started++;
                return;
            }
            try {
                while (!producers.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        throw new IOException("stream of " + what + " is closed");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a source connection");
            }
            launch(current);
            started++;
        }

        /** Later parts of this entry start early when a connection is free right now. */
        private void startAhead() throws IOException {
            while (started < parts.size() && started <= current + aheadParts) {
                DataPart part = parts.get(started);
                if (isInline(part)) {
                    pipes[started] = produceInline(part);
                } else if (producers.tryAcquire()) {
                    launch(started);
                } else {
                    return;
                }
                started++;
            }
        }

        private boolean isInline(DataPart part) {
            return part.sizeHint() > 0 && part.sizeHint() <= INLINE_PART_BYTES;
        }

        private PartPipe produceInline(DataPart part) throws IOException {
            PartPipe pipe = new PartPipe(CHUNKS_PER_PART);
            ChunkOutput out = new ChunkOutput(pipe, LiveArchive.this::newChunk);
            part.writeTo(out);
            out.flushChunk();
            pipe.finish();
            recycle(out.buffer());
            return pipe;
        }

        /** Runs part {@code index} on a thread of its own; its permit was taken by the caller. */
        private void launch(int index) {
            PartPipe pipe = new PartPipe(CHUNKS_PER_PART);
            pipes[index] = pipe;
            DataPart part = parts.get(index);
            Thread.ofPlatform().daemon().name("replicate-part-" + threadNumber.incrementAndGet()).start(() -> {
                try {
                    ChunkOutput out = new ChunkOutput(pipe, LiveArchive.this::newChunk);
                    part.writeTo(out);
                    out.flushChunk();
                    pipe.finish();
                    recycle(out.buffer());
                } catch (Throwable e) {
                    pipe.fail(e);
                } finally {
                    producers.release();
                }
            });
        }

        private void finished() {
            openStreams.remove(this);
            if (countRows) {
                // The terminator "\.\n\n\n" ends every table's COPY text: its three line ends are not rows.
                rowsStreamed.add(Math.max(0, newlines - 3));
                tablesStreamed.incrementAndGet();
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            openStreams.remove(this);
            for (PartPipe pipe : pipes) {
                if (pipe != null) {
                    pipe.cancel();
                }
            }
        }
    }

    private byte[] newChunk() {
        byte[] spare = spareChunks.poll();
        return spare != null ? spare : new byte[CHUNK_BYTES];
    }

    private void recycle(byte[] chunk) {
        if (chunk.length == CHUNK_BYTES) {
            spareChunks.offer(chunk);
        }
    }

    /** Line ends in a chunk, eight bytes at a time (exact zero-byte count of {@code word ^ 0x0A…0A}). */
    static long countNewlines(byte[] bytes) {
        long n = 0;
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long y = (x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL;
            n += Long.bitCount(~(y | x | 0x7F7F7F7F7F7F7F7FL));
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** A bounded queue of chunks from one producer to one reader, with failure and cancellation. */
    static final class PartPipe {
        private final ArrayBlockingQueue<byte[]> queue;
        private volatile Throwable failure;
        private volatile boolean cancelled;

        PartPipe(int capacity) {
            queue = new ArrayBlockingQueue<>(capacity + 1);
        }

        void put(byte[] chunk) throws IOException {
            try {
                while (!queue.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (cancelled) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while streaming");
            }
            if (cancelled) {
                throw new IOException("the reader stopped");
            }
        }

        void finish() throws IOException {
            put(END);
        }

        void fail(Throwable e) {
            failure = e;
            queue.offer(FAILED); // when full, the reader finds the failure once it has drained the queue
        }

        void cancel() {
            cancelled = true;
            queue.clear();
        }

        byte[] take(String what) throws IOException {
            try {
                while (true) {
                    byte[] chunk = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (chunk == FAILED || chunk == null && failure != null) {
                        Throwable e = failure;
                        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        throw new IOException("reading " + what + " from the source failed: " + reason, e);
                    }
                    if (chunk != null) {
                        return chunk;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + what);
            }
        }
    }

    /** Gathers a producer's many small writes (COPY sends a message per row) into chunks for the pipe. */
    static final class ChunkOutput extends OutputStream {
        private final PartPipe pipe;
        private final java.util.function.Supplier<byte[]> chunks;
        private byte[] buffer;
        private int used;

        ChunkOutput(PartPipe pipe, java.util.function.Supplier<byte[]> chunks) {
            this.pipe = pipe;
            this.chunks = chunks;
            this.buffer = chunks.get();
        }

        @Override
        public void write(int b) throws IOException {
            if (used == buffer.length) {
                flushChunk();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (used == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(length, buffer.length - used);
                System.arraycopy(bytes, offset, buffer, used, n);
                used += n;
                offset += n;
                length -= n;
            }
        }

        /** The buffer being filled; after the last {@link #flushChunk} it is no longer used. */
        byte[] buffer() {
            return buffer;
        }

        void flushChunk() throws IOException {
            if (used == 0) {
                return;
            }
            if (used == buffer.length) {
                pipe.put(buffer);
                buffer = chunks.get();
            } else {
                pipe.put(java.util.Arrays.copyOf(buffer, used)); // the part's end; the buffer stays for reuse
            }
            used = 0;
        }
    }
}
