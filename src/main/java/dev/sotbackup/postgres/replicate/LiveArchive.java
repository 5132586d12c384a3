package dev.sotbackup.postgres.replicate;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.dump.Dumper;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A database read live, as an archive: the dumper's contents — its TOC, and each data entry's COPY parts pulled
 * from the source's exported snapshot at the moment the restore engine reads them. Nothing is stored and nothing
 * runs ahead of the reader; this is what lets {@code replicate} feed the restore engine (parallel load, index
 * builds overlapping data, safe swap) straight from another server.
 *
 * <p>What it adds to the dumper's contents is the replicate's account: bytes, rows and tables read, and a failing
 * part named by its table.
 */
public final class LiveArchive implements ArchiveContents {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ArchiveContents source;
    private final LongAdder bytesStreamed = new LongAdder();
    private final LongAdder rowsStreamed = new LongAdder();
    private final AtomicInteger tablesStreamed = new AtomicInteger();

    /** @param source the live contents, closed with this archive (the dumper) */
    LiveArchive(ArchiveContents source) {
        this.source = source;
    }

    /**
     * Opens {@code source} with the dump engine — one snapshot-consistent transaction, {@code jobs} connections
     * that import it, tables over {@code splitBytes} cut into page ranges — and serves it as an archive.
     *
     * @param reporter receives a warning per non-fatal catalog problem and an info line per COPY started
     */
    public static LiveArchive open(ConnInfo source, CatalogOptions options, int jobs, long splitBytes,
                                   Reporter reporter) throws SQLException {
        return new LiveArchive(Dumper.open(() -> Connector.open(source), options, jobs, splitBytes, "sot-backup",
                reporter));
    }

    @Override
    public Toc toc() {
        return source.toc();
    }

    /** The source's parts, counted as they are read; the entry counts as a table streamed once all have ended. */
    @Override
    public List<DataPart> dataParts(TocEntry entry) {
        List<DataPart> parts = source.dataParts(entry);
        EntryAccount account = new EntryAccount(describe(entry), parts.size(), entry.isTableData());
        List<DataPart> counted = new ArrayList<>();
        for (DataPart part : parts) {
            counted.add(new DataPart(part.sizeHint(), () -> new CountedStream(part.open(), account)));
        }
        return counted;
    }

    @Override
    public LargeObjects largeObjects(TocEntry blobsEntry) throws IOException {
        LargeObjects objects = source.largeObjects(blobsEntry);
        return new LargeObjects() {
            @Override
            public LargeObject next() throws IOException {
                LargeObject object = objects.next();
                if (object == null) {
                    return null;
                }
                EntryAccount account = new EntryAccount("large object " + object.oid(), 1, false);
                DataPart content = object.content();
                return new LargeObject(object.oid(), new DataPart(content.sizeHint(),
                        () -> new CountedStream(content.open(), account)));
            }

            @Override
            public void close() throws IOException {
                objects.close();
            }
        };
    }

    @Override
    public boolean supportsConcurrentReads() {
        return source.supportsConcurrentReads();
    }

    /** COPY text and large object bytes handed to readers so far. */
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

    /** Closes the source: the dumper's snapshot and connections. */
    @Override
    public void close() throws IOException {
        source.close();
    }

    private static String describe(TocEntry entry) {
        return entry.namespace() == null || entry.namespace().isEmpty() ? entry.tag()
                : entry.namespace() + "." + entry.tag();
    }

    /** One entry's parts read so far: its line ends, and how many parts have yet to reach their end. */
    private final class EntryAccount {
        private final String what;
        private final boolean countRows;
        private final LongAdder newlines = new LongAdder();
        private final AtomicInteger unfinished;

        EntryAccount(String what, int parts, boolean countRows) {
            this.what = what;
            this.countRows = countRows;
            this.unfinished = new AtomicInteger(parts);
        }

        void read(byte[] bytes, int offset, int length) {
            bytesStreamed.add(length);
            if (countRows) {
                newlines.add(countNewlines(bytes, offset, length));
            }
        }

        void partEnded() {
            if (unfinished.decrementAndGet() == 0 && countRows) {
                // The terminator "\.\n\n\n" ends every table's COPY text: its three line ends are not rows.
                rowsStreamed.add(Math.max(0, newlines.sum() - 3));
                tablesStreamed.incrementAndGet();
            }
        }

        IOException failed(IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new IOException("reading " + what + " from the source failed: " + reason, e);
        }
    }

    /** A part's stream, counted into its entry's account, its failures named by the entry. */
    private static final class CountedStream extends FilterInputStream {
        private final EntryAccount account;
        private boolean ended;

        CountedStream(InputStream in, EntryAccount account) {
            super(in);
            this.account = account;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                throw account.failed(e);
            }
            if (n > 0) {
                account.read(buffer, offset, n);
            } else if (n < 0 && !ended) {
                ended = true;
                account.partEnded();
            }
            return n;
        }
    }

    /** Line ends in a chunk, eight bytes at a time (exact zero-byte count of {@code word ^ 0x0A…0A}). */
    static long countNewlines(byte[] bytes) {
        return countNewlines(bytes, 0, bytes.length);
    }

    private static long countNewlines(byte[] bytes, int offset, int length) {
        long n = 0;
        int i = offset;
        int end = offset + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long y = (x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL;
            n += Long.bitCount(~(y | x | 0x7F7F7F7F7F7F7F7FL));
        }
        for (; i < end; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
