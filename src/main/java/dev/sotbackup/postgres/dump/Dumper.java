package dev.sotbackup.postgres.dump;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.catalog.Catalog;
import dev.sotbackup.postgres.catalog.CatalogContext;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.catalog.IncludePatterns;
import dev.sotbackup.postgres.catalog.TableRef;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * A consistent logical export of one database, as archive contents: the leader opens a REPEATABLE READ, READ ONLY
 * transaction, exports its snapshot, locks the tables it will dump (ACCESS SHARE, like pg_dump, so nobody drops
 * them underneath us), reads the catalog, and then serves every table's rows as COPY text — each part a
 * {@code COPY ... TO STDOUT} pulled row by row (pgjdbc's {@link CopyOut}) on whichever of the {@code jobs}
 * connections is free, all of which import the same snapshot. Tables bigger than {@code splitBytes} are cut into
 * page ranges (PostgreSQL 14+, TID range scans) or primary key ranges (older servers) so that one huge changelog
 * table keeps every worker busy.
 *
 * <p>Every part and every large object is independent: any of them may be read at any time, on any thread, in
 * any order. A part holds its connection from being opened until it has been read to its end or closed; opening
 * one waits while all connections are busy.
 */
public final class Dumper implements ArchiveContents {

    /** PostgreSQL's default block size; only used to size page ranges, so another size merely shifts them. */
    private static final long BLOCK_SIZE = 8192;
    /** Beyond this many ranges per table the ranges grow instead (a 16 GB table at the default split size). */
    private static final long MAX_RANGES = 256;

    /** pg_dump writes this after every table's COPY text (reference §6.1). */
    static final byte[] COPY_TERMINATOR = "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Connection leader;
    private final Catalog catalog;
    private final int serverVersion;
    private final long splitBytes;
    private final int jobs;
    private final Reporter reporter;
    private final DumpCounters counters;
    /** COPY statements per data entry, planned before any worker runs (the leader is also a worker). */
    private final Map<Integer, List<String>> copyStatements = new HashMap<>();
    /** OIDs of the large objects whose contents a BLOBS entry carries, read inside the snapshot. */
    private final List<Long> largeObjectOids = new ArrayList<>();
    private WorkerPool pool;

    private Dumper(Connection leader, Catalog catalog, int serverVersion, long splitBytes, int jobs,
                   Reporter reporter, DumpCounters counters) {
        this.reporter = reporter;
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
     * @param reporter   receives a warning per non-fatal problem and an info line per COPY started (pg_dump -v's
     *                   "dumping contents of table")
     */
    public static Dumper open(ConnectionFactory factory, CatalogOptions options, int jobs, long splitBytes,
                              String dumperVersion, Reporter reporter) throws SQLException {
        return open(factory, options, jobs, splitBytes, dumperVersion, reporter, new DumpCounters());
    }

    /**
     * {@link #open(ConnectionFactory, CatalogOptions, int, long, String, Reporter)} that counts into
     * {@code counters}: the estimated total once the catalog is read, then every byte of table data produced.
     */
    public static Dumper open(ConnectionFactory factory, CatalogOptions options, int jobs, long splitBytes,
                              String dumperVersion, Reporter reporter, DumpCounters counters) throws SQLException {
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
            Catalog catalog = Catalog.read(ctx, header, reporter);
            Dumper dumper = new Dumper(leader, catalog, ctx.serverVersion(), splitBytes, Math.max(1, jobs),
                    reporter, counters);
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

    @Override
    public Toc toc() {
        return catalog.toc();
    }

    /** The table's COPY parts (one per range), then the terminator. */
    @Override
    public List<DataPart> dataParts(TocEntry entry) {
        TableRef table = catalog.dataByDumpId().get(entry.dumpId());
        if (table == null) {
            throw new IllegalStateException("no data source for " + entry.desc() + " " + entry.tag());
        }
        List<String> statements = copyStatements.get(entry.dumpId());
        List<DataPart> parts = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            String copySql = statements.get(i);
            String what = "dumping contents of table " + qualify(table.schema(), table.name())
                    + (statements.size() > 1 ? " (range " + (i + 1) + " of " + statements.size() + ")" : "");
            parts.add(new DataPart(table.estimatedBytes() / statements.size(), () -> new CopyStream(copySql, what)));
        }
        parts.add(DataPart.of(COPY_TERMINATOR));
        return parts;
    }

    /** The contents of every large object, for the archive's BLOBS entry, each read in slices when opened. */
    @Override
    public LargeObjects largeObjects(TocEntry blobsEntry) {
        return LargeObjects.of(largeObjectOids.stream()
                .map(oid -> new LargeObject(oid, new DataPart(0, () -> new LargeObjectStream(oid))))
                .toList());
    }

    /** Parts run on a pool of connections; opening one waits for a free connection. */
    @Override
    public boolean supportsConcurrentReads() {
        return true;
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

    /**
     * One COPY statement on whichever worker connection is free, pulled row by row: nothing is read ahead, and the
     * connection goes back to the pool at the end.
     */
    private final class CopyStream extends PieceStream {
        private final Connection connection;
        /** Null once the COPY has ended or been cancelled, and the connection released. */
        private CopyOut copy;

        CopyStream(String copySql, String description) throws IOException {
            connection = pool.borrow();
            try {
                reporter.info(description);
                if (serverVersion < 140000 && copySql.contains(" WHERE ")) {
                    // Key ranges must use the primary key index, not N full scans.
                    try (Statement st = connection.createStatement()) {
                        st.execute("SET LOCAL enable_seqscan = off");
                    }
                }
                copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql);
            } catch (SQLException e) {
                pool.release(connection);
                throw new IOException("COPY failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                pool.release(connection);
                throw e;
            }
        }

        /** The next row as pgjdbc received it. */
        @Override
        byte[] nextPiece() throws IOException {
            if (copy == null) {
                return null;
            }
            byte[] row;
            try {
                row = copy.readFromCopy();
            } catch (SQLException e) {
                throw new IOException("COPY failed: " + e.getMessage(), e);
            }
            if (row == null) {
                copy = null;
                pool.release(connection);
                return null;
            }
            counters.add(row.length);
            return row;
        }

        /** Closed before its end: the COPY is cancelled (as pgjdbc's copyOut does) and the connection returned. */
        @Override
        public void close() {
            if (copy == null) {
                return;
            }
            try {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                while (copy.readFromCopy() != null) {
                    // drain whatever was on its way
                }
            } catch (SQLException expected) {
                // the cancellation itself
            } finally {
                copy = null;
                pool.release(connection);
            }
        }
    }

    /** A large object's contents, read in slices of 1 MiB so that a big one never sits in memory. */
    private final class LargeObjectStream extends PieceStream {
        private static final int SLICE = 1 << 20;
        private final long oid;
        private final Connection connection;
        private final PreparedStatement get;
        private long offset;
        /** Whether the last slice has been read; the connection is then back in the pool. */
        private boolean ended;

        LargeObjectStream(long oid) throws IOException {
            this.oid = oid;
            connection = pool.borrow();
            try {
                get = connection.prepareStatement("SELECT pg_catalog.lo_get(?, ?, ?)");
            } catch (SQLException e) {
                pool.release(connection);
                throw failure(e);
            }
        }

        @Override
        byte[] nextPiece() throws IOException {
            if (ended) {
                return null;
            }
            byte[] slice;
            try {
                get.setLong(1, oid);
                get.setLong(2, offset);
                get.setInt(3, SLICE);
                try (ResultSet rs = get.executeQuery()) {
                    rs.next();
                    slice = rs.getBytes(1);
                }
            } catch (SQLException e) {
                throw failure(e);
            }
            offset += slice.length;
            counters.add(slice.length);
            if (slice.length < SLICE) {
                close();
            }
            return slice.length == 0 ? null : slice;
        }

        private IOException failure(SQLException e) {
            return new IOException("reading large object " + oid + " failed: " + e.getMessage(), e);
        }

        @Override
        public void close() {
            if (ended) {
                return;
            }
            ended = true;
            try {
                get.close();
            } catch (SQLException ignored) {
                // the statement dies with its connection
            } finally {
                pool.release(connection);
            }
        }
    }
}
