package dev.sotbackup.postgres.repo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.postgres.archive.LargeObject;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.dump.Dumper;
import dev.sotbackup.postgres.toc.DataPart;
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
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        Instant capturedAt = Instant.now();
        try (Dumper dumper = Dumper.open(() -> Connector.open(source), options, jobs, SPLIT_BYTES, "sot-backup",
                line -> progress.accept("warning: " + line), progress)) {
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
                    for (LargeObject lo : dumper.largeObjectSource().largeObjects(entry)) {
                        tasks.add(new Task(entry, lo.oid(), lo.content()));
                    }
                } else {
                    for (DataPart part : dumper.dataSource().parts(entry)) {
                        tasks.add(new Task(entry, -1, part));
                    }
                }
            }
            runAll(session, tasks, jobs);

            ObjectNode data = body.putObject("data");
            ObjectNode largeObjects = body.putObject("large_objects");
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
                    entry.put("rows", entry.get("rows").asLong() + task.rows);
                }
            }
            // The terminator "\.\n\n\n" is one part of every table: its three newlines are not rows.
            data.properties().forEach(e -> ((ObjectNode) e.getValue()).put("rows",
                    Math.max(0, e.getValue().get("rows").asLong() - 3)));
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
        entry.put("rows", 0L);
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
        long rows;

        Task(TocEntry entry, long largeObjectOid, DataPart part) {
            this.entry = entry;
            this.largeObjectOid = largeObjectOid;
            this.part = part;
        }

        void store(BackupSession session) throws IOException {
            StreamWriter stream = session.newStream();
            NewlineCounter counted = new NewlineCounter(stream);
            // COPY delivers a row per write; batching keeps the chunker and the counter on big arrays.
            BufferedOutputStream batched = new BufferedOutputStream(counted, 256 * 1024);
            part.writeTo(batched);
            batched.flush();
            result = stream.finish();
            rows = counted.newlines;
        }
    }

    /** Counts rows on the way through: in COPY text every raw newline ends a row. */
    private static final class NewlineCounter extends FilterOutputStream {
        long newlines;

        NewlineCounter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\n') {
                newlines++;
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    newlines++;
                }
            }
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // the stream is finished by its owner, not closed
        }
    }
}
