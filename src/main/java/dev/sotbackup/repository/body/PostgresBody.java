package dev.sotbackup.repository.body;

import dev.sotbackup.repository.crypto.BlobId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A PostgreSQL database in a snapshot (format §7, {@code "kind": "postgres"}): the TOC as tree blobs, each data
 * entry's stream, each large object's content, and per table the rows and checksum a restore drill compares.
 *
 * @param toc          tree blobs whose concatenated plaintext is the TOC document
 * @param data         dumpId → that entry's stream, in TOC order
 * @param largeObjects dumpId of a BLOBS entry → its large objects
 * @param tables       "schema.table" → rows and checksum, sorted by name; null in snapshots written before
 *                     checksums were recorded (a verifier says so instead of comparing)
 * @param copySettings the backup session's settings that change COPY text and that the dump does not pin
 */
public record PostgresBody(int version, String database, String serverVersion, Instant capturedAt, List<BlobId> toc,
                           Map<Integer, DataEntry> data, Map<Integer, List<LargeObjectEntry>> largeObjects,
                           Map<String, Table> tables, Map<String, String> copySettings) implements ComponentBody {

    public static final String KIND = "postgres";
    public static final int VERSION = 1;

    public PostgresBody {
        version = Copies.version(version);
        toc = Copies.list(toc);
        data = Copies.map(data);
        largeObjects = Copies.map(largeObjects);
        tables = tables == null ? null : Copies.map(tables);
        copySettings = Copies.map(copySettings);
    }

    /**
     * One data entry's stream: {@code blobs} concatenated are its bytes exactly as a pg_dump archive stores them
     * uncompressed. {@code rows} and {@code checksum} (TABLE DATA only) describe its COPY rows; older snapshots
     * have no checksum.
     */
    public record DataEntry(List<BlobId> blobs, long bytes, Long rows, String checksum) {
        public DataEntry {
            blobs = Copies.list(blobs);
        }
    }

    /** One large object: its oid and its content's blobs. */
    public record LargeObjectEntry(long oid, List<BlobId> blobs, long bytes) {
        public LargeObjectEntry {
            blobs = Copies.list(blobs);
        }
    }

    /** A table's rows and their order-independent checksum ({@code xxh64x2:…}); the checksum may be absent. */
    public record Table(long rows, String checksum) {
    }

    /** The TOC's blobs, then every data entry's, then every large object's. */
    @Override
    public Set<BlobId> blobs() {
        return Copies.blobs(Stream.of(Stream.of(toc), data.values().stream().map(DataEntry::blobs),
                largeObjects.values().stream().flatMap(List::stream).map(LargeObjectEntry::blobs)).flatMap(s -> s));
    }

    /** The stream of data entry {@code dumpId}, or null when the snapshot has none. */
    public DataEntry dataOf(int dumpId) {
        return data.get(dumpId);
    }

    /** The large objects of BLOBS entry {@code dumpId}; empty when it has none. */
    public List<LargeObjectEntry> largeObjectsOf(int dumpId) {
        return largeObjects.getOrDefault(dumpId, List.of());
    }
}
