package dev.sotbackup.postgres.repo;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.dump.ConnectionFactory;
import dev.sotbackup.postgres.dump.DumpCounters;
import dev.sotbackup.postgres.dump.Dumper;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Parallel;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.repository.crypto.BlobId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A PostgreSQL database as a snapshot component (docs/repository-format.md §7): the dump engine's TOC as a
 * tree blob, and each data entry's stream — exactly the bytes a pg_dump archive would hold, uncompressed — as
 * content-defined chunks, so unchanged rows deduplicate from one backup to the next.
 */
public final class PostgresComponent {

    /** Tables above this are dumped as several page ranges at once; each range is chunked on its own. */
    private static final long SPLIT_BYTES = 64L << 20;

    private PostgresComponent() {
    }

    /** Dumps one database (one snapshot-consistent transaction, {@code jobs} connections) into the session. */
    public static Component backup(BackupSession session, ConnInfo source, CatalogOptions options, int jobs,
                                   Reporter reporter) throws IOException, SQLException {
        return backup(session, source, options, jobs, SPLIT_BYTES, reporter, new DumpCounters());
    }

    /** As above, counting into {@code counters} (table data dumped, and the estimate) for a progress bar. */
    public static Component backup(BackupSession session, ConnInfo source, CatalogOptions options, int jobs,
                                   Reporter reporter, DumpCounters counters) throws IOException, SQLException {
        return backup(session, source, options, jobs, SPLIT_BYTES, reporter, counters);
    }

    /** As above, with tables over {@code splitBytes} dumped as several page ranges (tests use small ones). */
    static Component backup(BackupSession session, ConnInfo source, CatalogOptions options, int jobs,
                            long splitBytes, Reporter reporter, DumpCounters counters)
            throws IOException, SQLException {
        Instant capturedAt = Instant.now();
        // The settings that shape COPY text besides the ones the dumper pins, read from the first connection
        // (all come from the same client), so that a verification elsewhere can reproduce the same text.
        AtomicReference<Map<String, String>> copySettings = new AtomicReference<>();
        ConnectionFactory connections = () -> {
            Connection connection = Connector.open(source);
            if (copySettings.get() == null) {
                try {
                    copySettings.compareAndSet(null, TableVerifier.readCopySettings(connection));
                } catch (SQLException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
            }
            return connection;
        };
        try (Dumper dumper = Dumper.open(connections, options, jobs, splitBytes, "sot-backup", reporter,
                counters)) {
            Toc toc = dumper.catalog().toc();
            List<BlobId> tocBlobs = new ArrayList<>();
            for (byte[] piece : TocJson.pieces(toc)) {
                tocBlobs.add(session.storeTree(piece));
            }

            List<Task> tasks = new ArrayList<>();
            for (TocEntry entry : toc.dataEntries()) {
                if (entry.isLargeObjectData()) {
                    // The dumper's large objects are independent: each is stored by a task of its own.
                    try (LargeObjects objects = dumper.largeObjects(entry)) {
                        for (LargeObject lo = objects.next(); lo != null; lo = objects.next()) {
                            tasks.add(new Task(entry, lo.oid(), lo.content()));
                        }
                    }
                } else {
                    for (DataPart part : dumper.dataParts(entry)) {
                        tasks.add(new Task(entry, -1, part));
                    }
                }
            }
            runAll(session, tasks, jobs);
            return new Component(source.dbname(), body(source.dbname(), toc.header().serverVersion(), capturedAt,
                    tocBlobs, tasks, copySettings.get()));
        }
    }

    /** The component body of the stored parts: each entry's streams in TOC order, rows and checksums per table. */
    private static PostgresBody body(String database, String serverVersion, Instant capturedAt, List<BlobId> toc,
                                     List<Task> tasks, Map<String, String> copySettings) {
        Map<TocEntry, List<BlobId>> streams = new LinkedHashMap<>();
        Map<TocEntry, Long> bytes = new HashMap<>();
        Map<TocEntry, TableChecksum> checksums = new HashMap<>();
        Map<Integer, List<PostgresBody.LargeObjectEntry>> largeObjects = new LinkedHashMap<>();
        for (Task task : tasks) {
            if (task.largeObjectOid >= 0) {
                largeObjects.computeIfAbsent(task.entry.dumpId(), id -> new ArrayList<>()).add(
                        new PostgresBody.LargeObjectEntry(task.largeObjectOid, task.result.blobs(), task.result.bytes()));
            } else {
                streams.computeIfAbsent(task.entry, e -> new ArrayList<>()).addAll(task.result.blobs());
                bytes.merge(task.entry, task.result.bytes(), Long::sum);
                if (task.checksum != null) {
                    checksums.merge(task.entry, task.checksum, TableChecksum::plus);
                }
            }
        }
        Map<Integer, PostgresBody.DataEntry> data = new LinkedHashMap<>();
        // Sorted by name: the "tables" object is meant to be read by people (and diffed between snapshots).
        Map<String, PostgresBody.Table> tables = new TreeMap<>();
        streams.forEach((entry, blobs) -> {
            TableChecksum sum = checksums.get(entry);
            // The terminator "\.\n\n\n" is the last part of every table: its three lines are not rows.
            TableChecksum table = sum == null ? null : sum.minus(TableChecksum.COPY_TERMINATOR);
            data.put(entry.dumpId(), new PostgresBody.DataEntry(blobs, bytes.get(entry),
                    table == null ? null : table.rows(), table == null ? null : table.checksum()));
            if (table != null) {
                tables.put(TableVerifier.tableName(entry), new PostgresBody.Table(table.rows(), table.checksum()));
            }
        });
        return new PostgresBody(PostgresBody.VERSION, database, serverVersion, capturedAt, toc, data, largeObjects,
                tables, copySettings == null ? Map.of() : copySettings);
    }

    /** A stored database, readable by the restore engine and the archive writers. */
    public static StoredArchive open(Repository repository, Component component) throws IOException {
        PostgresBody body = component.body(PostgresBody.class).orElseThrow(() -> new IOException("component "
                + component.label() + " is not a database"));
        byte[] tocJson;
        try (var in = repository.openBlobs(body.toc())) {
            tocJson = in.readAllBytes();
        }
        return new StoredArchive(repository, TocJson.read(tocJson), body);
    }

    /** Streams every part into its own chunked stream, biggest first, on {@code jobs} threads. */
    private static void runAll(BackupSession session, List<Task> tasks, int jobs) throws IOException {
        List<Task> bySize = new ArrayList<>(tasks);
        bySize.sort(Comparator.comparingLong((Task t) -> t.part.sizeHint()).reversed());
        Parallel.map(jobs, "backup-part", bySize, task -> {
            task.store(session);
            return null;
        });
    }

    /** One part of one entry (or one large object) and, once stored, where its bytes went. */
    private static final class Task {
        final TocEntry entry;
        final long largeObjectOid;
        final DataPart part;
        StreamResult result;
        /** Rows and digest of this part's COPY text; large objects have none. */
        TableChecksum checksum;

        Task(TocEntry entry, long largeObjectOid, DataPart part) {
            this.entry = entry;
            this.largeObjectOid = largeObjectOid;
            this.part = part;
        }

        void store(BackupSession session) throws IOException {
            StreamWriter stream = session.newStream();
            RowChecksum rows = entry.isTableData() ? new RowChecksum() : null;
            // COPY delivers a row per write; batching keeps the chunker and the checksum on big arrays.
            BufferedOutputStream batched = new BufferedOutputStream(rows == null ? stream : new Tee(stream, rows),
                    256 * 1024);
            part.writeTo(batched);
            batched.flush();
            result = stream.finish();
            checksum = rows == null ? null : rows.result();
        }
    }

    /** Passes every byte on to the stream and to the row checksum. */
    private static final class Tee extends OutputStream {
        private final OutputStream out;
        private final RowChecksum rows;

        Tee(OutputStream out, RowChecksum rows) {
            this.out = out;
            this.rows = rows;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            rows.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            rows.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // the stream is finished by its owner, not closed
        }
    }
}
