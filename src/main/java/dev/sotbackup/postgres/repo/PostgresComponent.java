package dev.sotbackup.postgres.repo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Parallel;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import dev.sotbackup.repository.crypto.BlobId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A PostgreSQL database as a snapshot component (docs/repository-format.md §7): the dump engine's TOC as a
 * tree blob, and each data entry's stream — exactly the bytes a pg_dump archive would hold, uncompressed — as
 * content-defined chunks, so unchanged rows deduplicate from one backup to the next.
 */
public final class PostgresComponent {

    public static final String KIND = "postgres";

    /** Tables above this are dumped as several page ranges at once; each range is chunked on its own. */
    private static final long SPLIT_BYTES = 64L << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PostgresComponent() {
    }

    /** Dumps one database (one snapshot-consistent transaction, {@code jobs} connections) into the session. */
    public static Component backup(BackupSession session, ConnInfo source, CatalogOptions options, int jobs,
                                   Consumer<String> progress) throws IOException, SQLException {
        return backup(session, source, options, jobs, SPLIT_BYTES, progress, new DumpCounters());
    }

    /** As above, counting into {@code counters} (table data dumped, and the estimate) for a progress bar. */
    public static Component backup(BackupSession session, ConnInfo source, CatalogOptions options, int jobs,
                                   Consumer<String> progress, DumpCounters counters) throws IOException, SQLException {
        return backup(session, source, options, jobs, SPLIT_BYTES, progress, counters);
    }

    /** As above, with tables over {@code splitBytes} dumped as several page ranges (tests use small ones). */
    static Component backup(BackupSession session, ConnInfo source, CatalogOptions options, int jobs,
                            long splitBytes, Consumer<String> progress, DumpCounters counters)
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
        try (Dumper dumper = Dumper.open(connections, options, jobs, splitBytes, "sot-backup",
                line -> progress.accept("warning: " + line), progress, counters)) {
            Toc toc = dumper.catalog().toc();
            ObjectNode body = MAPPER.createObjectNode();
            body.put("database", source.dbname());
            body.put("server_version", toc.header().serverVersion());
            body.put("captured_at", capturedAt.toString());
            ArrayNode tocBlobs = body.putArray("toc");
            for (byte[] piece : TocJson.pieces(toc)) {
                tocBlobs.add(session.storeTree(piece).toString());
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

            ObjectNode data = body.putObject("data");
            ObjectNode largeObjects = body.putObject("large_objects");
            Map<TocEntry, TableChecksum> checksums = new LinkedHashMap<>();
            for (Task task : tasks) {
                String key = Integer.toString(task.entry.dumpId());
                if (task.largeObjectOid >= 0) {
                    ArrayNode list = largeObjects.has(key) ? (ArrayNode) largeObjects.get(key)
                            : largeObjects.putArray(key);
                    ObjectNode lo = list.addObject();
                    lo.put("oid", task.largeObjectOid);
                    addBlobs(lo.putArray("blobs"), task.result.blobs());
                    lo.put("bytes", task.result.bytes());
                } else {
                    ObjectNode entry = data.has(key) ? (ObjectNode) data.get(key) : newDataEntry(data, key);
                    addBlobs((ArrayNode) entry.get("blobs"), task.result.blobs());
                    entry.put("bytes", entry.get("bytes").asLong() + task.result.bytes());
                    if (task.checksum != null) {
                        checksums.merge(task.entry, task.checksum, TableChecksum::plus);
                    }
                }
            }
            // Sorted by name: the "tables" object is meant to be read by people (and diffed between snapshots).
            Map<String, TableChecksum> tables = new TreeMap<>();
            checksums.forEach((entry, sum) -> {
                // The terminator "\.\n\n\n" is the last part of every table: its three lines are not rows.
                TableChecksum table = sum.minus(TableChecksum.COPY_TERMINATOR);
                ObjectNode node = (ObjectNode) data.get(Integer.toString(entry.dumpId()));
                node.put("rows", table.rows());
                node.put("checksum", table.checksum());
                tables.put(TableVerifier.tableName(entry), table);
            });
            ObjectNode tablesNode = body.putObject("tables");
            tables.forEach((name, table) -> tablesNode.putObject(name)
                    .put("rows", table.rows()).put("checksum", table.checksum()));
            ObjectNode settingsNode = body.putObject("copy_settings");
            Map<String, String> settings = copySettings.get();
            if (settings != null) {
                settings.forEach(settingsNode::put);
            }
            return new Component(KIND, source.dbname(), body);
        }
    }

    /** A stored database, readable by the restore engine and the archive writers. */
    public static StoredArchive open(Repository repository, Component component) throws IOException {
        if (!KIND.equals(component.kind())) {
            throw new IOException("component " + component.kind() + "/" + component.name() + " is not a database");
        }
        List<BlobId> tocBlobs = new ArrayList<>();
        component.body().path("toc").forEach(id -> tocBlobs.add(BlobId.parse(id.asText())));
        byte[] tocJson;
        try (var in = repository.openBlobs(tocBlobs)) {
            tocJson = in.readAllBytes();
        }
        return new StoredArchive(repository, TocJson.read(tocJson), component.body());
    }

    private static ObjectNode newDataEntry(ObjectNode data, String key) {
        ObjectNode entry = data.putObject(key);
        entry.putArray("blobs");
        entry.put("bytes", 0L);
        return entry;
    }

    private static void addBlobs(ArrayNode array, List<BlobId> blobs) {
        blobs.forEach(b -> array.add(b.toString()));
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
