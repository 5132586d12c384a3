package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.EntrySql;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import org.postgresql.copy.CopyIn;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one TOC entry on a session the way pg_restore's restore_toc_entry does: the definition followed by the
 * ownership statement, then the data part — COPY for TABLE DATA, large object contents for BLOBS, the
 * statement itself for data-class entries such as SEQUENCE SET.
 */
final class EntryRestorer {

    /** Serial loads stream in pieces of this size; nothing holds a whole table in memory. */
    static final int STREAM_CHUNK = 1 << 20;
    /** Chunked loads hand out pieces of this size to the connections. */
    static final int PARALLEL_CHUNK = 4 << 20;
    private static final int LO_PIECE = 1 << 20;

    /** How a TABLE DATA entry is to be loaded. */
    record LoadPlan(boolean truncateFirst, boolean chunked, HelperSessions helpers, int maxConnections,
                    long joinAfterBytes) {
        static final LoadPlan PLAIN = new LoadPlan(false, false, HelperSessions.NONE, 1, 0);
    }

    private final ArchiveContents archive;
    private final RestoreOptions options;
    private final Map<Integer, TocEntry> byId;
    private final AtomicInteger tablesLoaded = new AtomicInteger();
    private final AtomicLong bytesLoaded = new AtomicLong();
    /** Bytes read from the archive as they stream (the engine's live count, for progress); may be shared. */
    private final Reporter.Counter bytesRead;

    EntryRestorer(ArchiveContents archive, RestoreOptions options) {
        this(archive, options, new Reporter.Counter("bytes loaded"));
    }

    EntryRestorer(ArchiveContents archive, RestoreOptions options, Reporter.Counter bytesRead) {
        this.archive = archive;
        this.options = options;
        this.byId = archive.toc().byDumpId();
        this.bytesRead = bytesRead;
    }

    Toc toc() {
        return archive.toc();
    }

    int tablesLoaded() {
        return tablesLoaded.get();
    }

    long bytesLoaded() {
        return bytesLoaded.get();
    }

    /** Runs the selected parts of {@code entry}. */
    void restore(RestoreSession session, TocEntry entry, EntrySelection.Parts parts, LoadPlan plan)
            throws SQLException, IOException {
        if (parts.schema()) {
            runDefinition(session, entry);
        }
        if (parts.data()) {
            if (entry.isTableData()) {
                loadTable(session, entry, plan);
            } else if (entry.isLargeObjectData()) {
                writeLargeObjects(session, entry);
            } else if (entry.hasData()) {
                throw new IOException("don't know how to restore data of " + entry.desc());
            } else if (!parts.schema()) {
                runDefinition(session, entry); // SEQUENCE SET, BLOB, BLOB METADATA: the statement is the data
            }
        }
    }

    /** The entry's definition as one statement batch, then its ownership unless -O. */
    void runDefinition(RestoreSession session, TocEntry entry) throws SQLException {
        session.prepareFor(entry);
        String sql = definition(entry);
        if (!isOnlyComments(sql)) {
            session.execute(sql);
        }
        if (!options.noOwner()) {
            for (String owner : ownerStatements(entry)) {
                session.execute(owner);
            }
        }
    }

    private String definition(TocEntry entry) {
        String defn = entry.defn();
        if (options.noOwner() && entry.desc().equals("SCHEMA") && defn != null && !defn.startsWith("--")) {
            // pg_restore drops any AUTHORIZATION clause this way under --no-owner.
            return "CREATE SCHEMA " + Identifiers.quote(entry.tag()) + ";";
        }
        if (entry.desc().equals("BLOB METADATA")) {
            return perLargeObject(entry, oid -> "SELECT pg_catalog.lo_create('" + oid + "');");
        }
        if (entry.desc().equals("ACL") && entry.tag().startsWith("LARGE OBJECTS ")) {
            return largeObjectGroupAcl(entry);
        }
        return defn;
    }

    private List<String> ownerStatements(TocEntry entry) {
        if (entry.desc().equals("BLOB METADATA")) {
            if (entry.owner() == null || entry.owner().isEmpty()) {
                return List.of();
            }
            String owner = Identifiers.quote(entry.owner());
            return List.of(perLargeObject(entry, oid -> "ALTER LARGE OBJECT " + oid + " OWNER TO " + owner + ";"));
        }
        Optional<String> alter = EntrySql.alterOwner(entry);
        return alter.map(List::of).orElse(List.of());
    }

    /** Archive 1.16 (pg_dump 17+): a BLOB METADATA defn lists one large object OID per line. */
    private static String perLargeObject(TocEntry metadata, java.util.function.Function<String, String> command) {
        StringBuilder sql = new StringBuilder();
        for (String line : metadata.defn() == null ? new String[0] : metadata.defn().split("\n")) {
            String oid = line.strip();
            if (!oid.isEmpty()) {
                sql.append(command.apply(oid)).append('\n');
            }
        }
        return sql.toString();
    }

    /**
     * pg_restore's IssueACLPerBlob: a group ACL's commands name the group's first large object; each command is
     * repeated for every large object of the group (the BLOB METADATA entry it depends on).
     */
    private String largeObjectGroupAcl(TocEntry acl) {
        TocEntry metadata = acl.dependencies().isEmpty() ? null : byId.get(acl.dependencies().get(0));
        if (metadata == null || !metadata.desc().equals("BLOB METADATA")) {
            return acl.defn();
        }
        StringBuilder sql = new StringBuilder();
        for (String command : splitCommands(acl.defn())) {
            int mark = command.indexOf("LARGE OBJECT ");
            if (mark < 0) {
                sql.append(command).append(";\n");
                continue;
            }
            int start = mark + "LARGE OBJECT ".length();
            int end = start;
            while (end < command.length() && Character.isDigit(command.charAt(end))) {
                end++;
            }
            String before = command.substring(0, start);
            String after = command.substring(end);
            sql.append(perLargeObject(metadata, oid -> before + oid + after + ";"));
        }
        return sql.toString();
    }

    /** Splits at semicolons outside double-quoted role names (ACL commands hold nothing harder to parse). */
    private static List<String> splitCommands(String sql) {
        List<String> commands = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                String command = sql.substring(start, i).strip();
                if (!command.isEmpty()) {
                    commands.add(command);
                }
                start = i + 1;
            }
        }
        return commands;
    }

    /** TABLE DATA: COPY the stream, optionally after TRUNCATE in the same transaction, or over several sessions. */
    private void loadTable(RestoreSession session, TocEntry entry, LoadPlan plan) throws SQLException, IOException {
        session.prepareFor(entry);
        String copySql = copyStatement(entry, session);
        long bytes;
        try (InputStream data = new CountingInputStream(archive.openData(entry), bytesRead)) {
            if (plan.chunked()) {
                CopyChunkReader reader = new CopyChunkReader(data, PARALLEL_CHUNK);
                bytes = new ChunkedCopyLoader(copySql, reader, plan.helpers(), plan.maxConnections(),
                        plan.joinAfterBytes()).load(session);
            } else {
                boolean truncate = plan.truncateFirst() && !isLoadViaPartitionRoot(entry)
                        && session.connection().getAutoCommit();
                bytes = inOwnTransaction(session, truncate, () -> {
                    if (truncate) {
                        // Truncating a table created in this run lets wal_level=minimal servers skip WAL for the COPY.
                        session.execute("TRUNCATE TABLE ONLY "
                                + Identifiers.qualify(entry.namespace(), entry.tag()));
                    }
                    return copy(session, copySql, new CopyChunkReader(data, STREAM_CHUNK));
                });
            }
        }
        tablesLoaded.incrementAndGet();
        bytesLoaded.addAndGet(bytes);
    }

    private static long copy(RestoreSession session, String copySql, CopyChunkReader reader)
            throws SQLException, IOException {
        CopyIn copy = session.copyManager().copyIn(copySql);
        try {
            byte[] chunk;
            while ((chunk = reader.next()) != null) {
                copy.writeToCopy(chunk, 0, chunk.length);
            }
            copy.endCopy();
            return reader.bytesReturned();
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // The original failure is the one to report.
                }
            }
        }
    }

    /**
     * The entry's COPY statement. The session speaks UTF8 (pgjdbc needs it), so an archive in another encoding
     * declares its encoding in the COPY itself and the server converts.
     */
    private static String copyStatement(TocEntry entry, RestoreSession session) throws IOException {
        String copy = entry.copyStmt();
        if (copy == null || copy.isBlank()) {
            throw new IOException("TABLE DATA has no COPY statement (archives made with --inserts are not supported)");
        }
        copy = copy.strip();
        String encoding = session.settings().encoding();
        if (encoding == null || encoding.equalsIgnoreCase("UTF8") || encoding.equalsIgnoreCase("UNICODE")) {
            return copy;
        }
        if (copy.endsWith(";")) {
            copy = copy.substring(0, copy.length() - 1);
        }
        return copy + " WITH (ENCODING " + Identifiers.literal(encoding) + ");";
    }

    /** pg_restore's test: such data goes through the partition root and must not truncate the leaf. */
    private static boolean isLoadViaPartitionRoot(TocEntry entry) {
        if (entry.defn() != null && entry.defn().startsWith("-- load via partition root ")) {
            return true;
        }
        String expected = "COPY " + Identifiers.qualify(entry.namespace(), entry.tag()) + " ";
        return entry.copyStmt() == null || !entry.copyStmt().startsWith(expected);
    }

    /** BLOBS: each large object's contents, written in one transaction (the objects exist already). */
    private void writeLargeObjects(RestoreSession session, TocEntry entry) throws SQLException, IOException {
        inOwnTransaction(session, session.connection().getAutoCommit(), () -> {
            try (PreparedStatement put = session.connection()
                    .prepareStatement("SELECT pg_catalog.lo_put(?::oid, ?, ?)");
                 LargeObjects objects = archive.largeObjects(entry)) {
                byte[] piece = new byte[LO_PIECE];
                for (LargeObject object = objects.next(); object != null; object = objects.next()) {
                    long offset = 0;
                    try (InputStream content = object.content().open()) {
                        int n;
                        while ((n = content.readNBytes(piece, 0, piece.length)) > 0) {
                            put.setLong(1, object.oid());
                            put.setLong(2, offset);
                            put.setBytes(3, n == piece.length ? piece : java.util.Arrays.copyOf(piece, n));
                            put.execute();
                            offset += n;
                            bytesRead.add(n);
                        }
                    }
                    bytesLoaded.addAndGet(offset);
                }
            }
            return null;
        });
    }

    /** Work on a session that throws what restoring an entry may throw. */
    @FunctionalInterface
    private interface SessionWork<T> {
        T run() throws SQLException, IOException;
    }

    /** Runs {@code work} in a transaction of its own when {@code own}, rolled back on failure; else as it is. */
    private static <T> T inOwnTransaction(RestoreSession session, boolean own, SessionWork<T> work)
            throws SQLException, IOException {
        if (!own) {
            return work.run();
        }
        session.begin();
        try {
            T result = work.run();
            session.commit();
            return result;
        } catch (SQLException | IOException | RuntimeException e) {
            session.rollbackQuietly();
            throw e;
        }
    }

    /** Adds every byte read to a shared counter: a table's COPY text as it is loaded, not only at its end. */
    private static final class CountingInputStream extends FilterInputStream {
        private final Reporter.Counter counter;

        CountingInputStream(InputStream in, Reporter.Counter counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counter.add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                counter.add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            counter.add(Math.max(0, skipped));
            return skipped;
        }
    }

    /** A definition of only comments (e.g. the public schema's "-- *not* creating schema") is nothing to run. */
    static boolean isOnlyComments(String sql) {
        if (sql == null) {
            return true;
        }
        for (String line : sql.split("\n")) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("--")) {
                return false;
            }
        }
        return true;
    }
}
