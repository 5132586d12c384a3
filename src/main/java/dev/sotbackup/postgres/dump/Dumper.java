package dev.sotbackup.postgres.dump;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.archive.LargeObject;
import dev.sotbackup.postgres.archive.LargeObjectSource;
import dev.sotbackup.postgres.catalog.Catalog;
import dev.sotbackup.postgres.catalog.CatalogContext;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.catalog.IncludePatterns;
import dev.sotbackup.postgres.catalog.TableRef;
import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.DataSource;
import dev.sotbackup.postgres.toc.TocEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.postgresql.PGConnection;

/**
 * A consistent logical export of one database: the leader opens a REPEATABLE READ, READ ONLY transaction,
 * exports its snapshot, locks the tables it will dump (ACCESS SHARE, like pg_dump, so nobody drops them
 * underneath us), reads the catalog, and then serves every table's rows as COPY text through
 * {@link #dataSource()} — from any of the {@code jobs} connections, all of which import the same snapshot.
 * Tables bigger than {@code splitBytes} are cut into page ranges (PostgreSQL 14+, TID range scans) or primary
 * key ranges (older servers) so that one huge changelog table keeps every worker busy.
 */
public final class Dumper implements AutoCloseable {

    /** pg_dump writes this after every table's COPY text (reference §6.1). */
    /** PostgreSQL's default block size; only used to size page ranges, so another size merely shifts them. */
    private static final long BLOCK_SIZE = 8192;
    /** Beyond this many ranges per table the ranges grow instead (a 16 GB table at the default split size). */
    private static final long MAX_RANGES = 256;

    static final byte[] COPY_TERMINATOR = "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Connection leader;
    private final Catalog catalog;
    private final int serverVersion;
    private final long splitBytes;
    private final int jobs;
    private final Consumer<String> progress;
    private final DumpCounters counters;
    /** COPY statements per data entry, planned before any worker runs (the leader is also a worker). */
    private final Map<Integer, List<String>> copyStatements = new HashMap<>();
    /** OIDs of the large objects whose contents a BLOBS entry carries, read inside the snapshot. */
    private final List<Long> largeObjectOids = new ArrayList<>();
    private WorkerPool pool;

    private Dumper(Connection leader, Catalog catalog, int serverVersion, long splitBytes, int jobs,
                   Consumer<String> progress, DumpCounters counters) {
        this.progress = progress;
        this.counters = counters;
        this.leader = leader;
        this.catalog = catalog;
        this.serverVersion = serverVersion;
        this.splitBytes = splitBytes;
        this.jobs = jobs;
    }

    /**
     * Connects, takes the snapshot and reads the catalog.
     *
     * @param splitBytes tables larger than this are split into ranges when {@code jobs > 1}
     * @param warnings   receives non-fatal problems, one line each
     * @param progress   receives one line per COPY started (pg_dump -v's "dumping contents of table")
     */
    public static Dumper open(ConnectionFactory factory, CatalogOptions options, int jobs, long splitBytes,
                              String dumperVersion, Consumer<String> warnings, Consumer<String> progress)
            throws SQLException {
        return open(factory, options, jobs, splitBytes, dumperVersion, warnings, progress, new DumpCounters());
    }

    /**
     * {@link #open(ConnectionFactory, CatalogOptions, int, long, String, Consumer, Consumer)} that counts into
     * {@code counters}: the estimated total once the catalog is read, then every byte of table data produced.
     */
    public static Dumper open(ConnectionFactory factory, CatalogOptions options, int jobs, long splitBytes,
                              String dumperVersion, Consumer<String> warnings, Consumer<String> progress,
                              DumpCounters counters) throws SQLException {
        Connection leader = factory.open();
        try {
            SessionSetup.apply(leader);
            String snapshot;
            try (Statement st = leader.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                try (ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
                    rs.next();
                    snapshot = rs.getString(1);
                }
            }
            CatalogContext ctx = new CatalogContext(leader, options);
            IncludePatterns.check(ctx);
            lockTables(ctx);
            ArchiveHeader header = new ArchiveHeader(LocalDateTime.now(), leader.getCatalog(),
                    serverVersionString(leader), dumperVersion);
            Catalog catalog = Catalog.read(ctx, header, warnings);
            Dumper dumper = new Dumper(leader, catalog, ctx.serverVersion(), splitBytes, Math.max(1, jobs), progress,
                    counters);
            for (TocEntry entry : catalog.toc().dataEntries()) {
                if (entry.isLargeObjectData()) {
                    ctx.forEachRow("SELECT oid FROM pg_catalog.pg_largeobject_metadata ORDER BY oid",
                            rs -> dumper.largeObjectOids.add(rs.getLong(1)));
                } else {
                    TableRef table = catalog.dataByDumpId().get(entry.dumpId());
                    dumper.copyStatements.put(entry.dumpId(), dumper.rangeSelects(table));
                }
            }
            counters.estimate(dumper.estimateBytes());
            dumper.pool = new WorkerPool(leader, snapshot, Math.max(1, jobs), factory);
            return dumper;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(leader);
            throw e;
        }
    }

    public Catalog catalog() {
        return catalog;
    }

    /** This dump's live counters. */
    public DumpCounters counters() {
        return counters;
    }

    /**
     * The size on disk of the tables whose data is dumped (and of {@code pg_largeobject} when large objects are):
     * an estimate of the COPY text to come, read inside the snapshot. Size functions need no privileges and
     * return NULL rather than fail for a missing relation, so this cannot abort the snapshot's transaction.
     */
    private long estimateBytes() throws SQLException {
        StringBuilder oids = new StringBuilder();
        for (TocEntry entry : catalog.toc().dataEntries()) {
            TableRef table = catalog.dataByDumpId().get(entry.dumpId());
            if (table != null) {
                oids.append(oids.isEmpty() ? "" : ",").append(table.oid());
            }
        }
        String sql = "SELECT coalesce((SELECT sum(pg_catalog.pg_table_size(t::pg_catalog.regclass)) FROM "
                + "pg_catalog.unnest('{" + oids + "}'::pg_catalog.oid[]) t), 0)"
                + (largeObjectOids.isEmpty() ? ""
                : " + pg_catalog.pg_table_size('pg_catalog.pg_largeobject'::pg_catalog.regclass)");
        try (Statement st = leader.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Streams each data entry as parts that any worker connection can produce. */
    public DataSource dataSource() {
        return this::parts;
    }

    /** The contents of every large object, for the archive's BLOBS entry. */
    public LargeObjectSource largeObjectSource() {
        return entry -> largeObjectOids.stream()
                .map(oid -> new LargeObject(oid, new LargeObjectPart(oid)))
                .toList();
    }

    private List<DataPart> parts(TocEntry entry) {
        TableRef table = catalog.dataByDumpId().get(entry.dumpId());
        if (table == null) {
            throw new IllegalStateException("no data source for " + entry.desc() + " " + entry.tag());
        }
        List<String> statements = copyStatements.get(entry.dumpId());
        List<DataPart> parts = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            String what = "dumping contents of table " + qualify(table.schema(), table.name())
                    + (statements.size() > 1 ? " (range " + (i + 1) + " of " + statements.size() + ")" : "");
            parts.add(new CopyPart(statements.get(i), table.estimatedBytes() / statements.size(), what));
        }
        parts.add(new BytesPart(COPY_TERMINATOR));
        return parts;
    }

    /** The COPY statements whose outputs, concatenated, are the table's COPY text. */
    private List<String> rangeSelects(TableRef table) throws SQLException {
        String qualified = qualify(table.schema(), table.name());
        String columns = String.join(", ", table.columns().stream().map(c -> quote(c)).toList());
        if (jobs == 1 || table.estimatedBytes() < splitBytes) {
            return List.of("COPY " + qualified + (columns.isEmpty() ? "" : " (" + columns + ")") + " TO STDOUT");
        }
        String select = "COPY (SELECT " + (columns.isEmpty() ? "" : columns) + " FROM ONLY " + qualified;
        int pieces = (int) Math.min(64, Math.max(2, table.estimatedBytes() / Math.max(1, splitBytes)));
        List<String> statements = new ArrayList<>();
        if (serverVersion >= 140000) {
            long pages = pageCount(table);
            // Ranges of a fixed number of pages (not "pages / N"): when a table grows, only its last range
            // changes, so the repository's content-defined chunks of every other range stay the same.
            long step = Math.max(1, splitBytes / BLOCK_SIZE);
            if ((pages + step - 1) / step > MAX_RANGES) {
                step = (pages + MAX_RANGES - 1) / MAX_RANGES;
            }
            for (long start = 0; start < pages; start += step) {
                String where = " WHERE ctid >= '(" + start + ",0)'::pg_catalog.tid"
                        + (start + step < pages ? " AND ctid < '(" + (start + step) + ",0)'::pg_catalog.tid" : "");
                statements.add(select + where + ") TO STDOUT");
            }
            // Pages added after the size was read belong to the last, open-ended range.
            return statements.isEmpty() ? List.of(select + ") TO STDOUT") : statements;
        }
        if (table.splitColumn() == null) {
            return List.of("COPY " + qualified + (columns.isEmpty() ? "" : " (" + columns + ")") + " TO STDOUT");
        }
        long[] bounds = keyBounds(table);
        if (bounds == null) {
            return List.of(select + ") TO STDOUT");
        }
        String key = quote(table.splitColumn());
        long span = bounds[1] - bounds[0] + 1;
        long step = Math.max(1, span / pieces + 1);
        for (long lo = bounds[0]; lo <= bounds[1]; lo += step) {
            boolean last = lo + step > bounds[1];
            statements.add(select + " WHERE " + key + " >= " + lo + (last ? "" : " AND " + key + " < " + (lo + step))
                    + ") TO STDOUT");
            if (last) {
                break;
            }
        }
        return statements;
    }

    private long pageCount(TableRef table) throws SQLException {
        try (Statement st = leader.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pg_catalog.pg_relation_size(" + table.oid() + ") / current_setting('block_size')::int")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long[] keyBounds(TableRef table) throws SQLException {
        String key = quote(table.splitColumn());
        try (Statement st = leader.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT min(" + key + "), max(" + key + ") FROM ONLY " + qualify(table.schema(), table.name()))) {
            rs.next();
            if (rs.getObject(1) == null) {
                return null;
            }
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
        closeQuietly(leader);
    }

    private static void lockTables(CatalogContext ctx) throws SQLException {
        List<String> names = new ArrayList<>();
        ctx.forEachRow("""
                SELECT n.nspname, c.relname FROM pg_catalog.pg_class c
                  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p')
                """, rs -> {
            if (ctx.includeTable(rs.getString(1), rs.getString(2))) {
                names.add(qualify(rs.getString(1), rs.getString(2)));
            }
        });
        // One statement per ~1000 tables keeps the round trips few without building a huge query.
        for (int i = 0; i < names.size(); i += 1000) {
            String list = String.join(", ", names.subList(i, Math.min(names.size(), i + 1000)));
            try (Statement st = ctx.connection().createStatement()) {
                st.execute("LOCK TABLE " + list + " IN ACCESS SHARE MODE");
            }
        }
    }

    private static String serverVersionString(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken; the original error is what matters
        }
    }

    /** One COPY statement run on whichever worker connection is free. */
    private final class CopyPart implements DataPart {
        private final String copySql;
        private final long sizeHint;
        private final String description;

        CopyPart(String copySql, long sizeHint, String description) {
            this.copySql = copySql;
            this.sizeHint = sizeHint;
            this.description = description;
        }

        @Override
        public long sizeHint() {
            return sizeHint;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            Connection connection = pool.borrow();
            progress.accept(description);
            try {
                if (serverVersion < 140000 && copySql.contains(" WHERE ")) {
                    // Key ranges must use the primary key index, not N full scans.
                    try (Statement st = connection.createStatement()) {
                        st.execute("SET LOCAL enable_seqscan = off");
                    }
                }
                connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql, new Counted(out));
            } catch (SQLException e) {
                throw new IOException("COPY failed: " + e.getMessage(), e);
            } finally {
                pool.release(connection);
            }
        }
    }

    /** A large object's contents, read in slices so that a big one never sits in memory. */
    private final class LargeObjectPart implements DataPart {
        private static final int SLICE = 1 << 20;
        private final long oid;

        LargeObjectPart(long oid) {
            this.oid = oid;
        }

        @Override
        public long sizeHint() {
            return 0;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            Connection connection = pool.borrow();
            try (var ps = connection.prepareStatement("SELECT pg_catalog.lo_get(?, ?, ?)")) {
                for (long offset = 0; ; offset += SLICE) {
                    ps.setLong(1, oid);
                    ps.setLong(2, offset);
                    ps.setInt(3, SLICE);
                    byte[] slice;
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        slice = rs.getBytes(1);
                    }
                    out.write(slice);
                    counters.add(slice.length);
                    if (slice.length < SLICE) {
                        return;
                    }
                }
            } catch (SQLException e) {
                throw new IOException("reading large object " + oid + " failed: " + e.getMessage(), e);
            } finally {
                pool.release(connection);
            }
        }
    }

    /** Counts what COPY writes (a row per write) into the dump's counters on the way through. */
    private final class Counted extends java.io.FilterOutputStream {
        Counted(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            counters.add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            counters.add(len);
        }

        @Override
        public void close() {
            // the part's stream belongs to the writer
        }
    }

    /** Constant bytes, such as the COPY terminator. */
    private record BytesPart(byte[] bytes) implements DataPart {
        @Override
        public long sizeHint() {
            return bytes.length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }
}
