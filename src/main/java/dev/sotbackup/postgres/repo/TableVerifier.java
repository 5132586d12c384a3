package dev.sotbackup.postgres.repo;

import dev.sotbackup.postgres.dump.ConnectionFactory;
import dev.sotbackup.postgres.dump.SessionSetup;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.repository.Parallel;
import dev.sotbackup.repository.body.PostgresBody;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.postgresql.PGConnection;

/**
 * Recomputes every recorded table's {@link TableChecksum} from a live database (typically one a snapshot was
 * just restored into: the restore drill) and compares. Each table is read with its TOC entry's own COPY column
 * list, on a session set up like the dumper's, so that unchanged rows give byte-identical COPY text.
 */
public final class TableVerifier {

    /**
     * Settings that shape COPY text and that the dumper leaves as the session has them (the driver sets
     * TimeZone from the client's JVM): recorded at backup as {@code copy_settings}, applied when verifying.
     */
    static final List<String> COPY_SETTINGS = List.of("TimeZone", "bytea_output", "lc_monetary");

    private TableVerifier() {
    }

    /**
     * A snapshot's recorded tables and the settings their COPY text was produced under.
     *
     * @param recorded false when the snapshot predates checksums ({@code why} says so)
     */
    public record Expected(Map<String, TableChecksum> tables, Map<String, String> copySettings, boolean recorded,
                           String why) {
        public Expected {
            tables = Map.copyOf(tables);
            copySettings = Map.copyOf(copySettings);
        }

        /** Tables compared under the verifying session's own TimeZone, bytea_output and lc_monetary. */
        public static Expected of(Map<String, TableChecksum> tables) {
            return new Expected(tables, Map.of(), true, null);
        }

        static Expected none(String why) {
            return new Expected(Map.of(), Map.of(), false, why);
        }
    }

    /**
     * The {@code tables} and {@code copy_settings} of a postgres component's body; a snapshot written
     * before they existed gives an {@link Expected} that is not {@code recorded}, and {@link #verify} then
     * reports "no checksums recorded" instead of comparing.
     *
     * @throws IllegalArgumentException a checksum that does not parse (a corrupt or foreign manifest)
     */
    public static Expected expected(PostgresBody body) {
        if (body.tables() == null) {
            return Expected.none("no checksums recorded in this snapshot (taken by a sot-backup version that"
                    + " did not record them): nothing verified");
        }
        Map<String, TableChecksum> map = new LinkedHashMap<>();
        for (var table : body.tables().entrySet()) {
            String checksum = table.getValue().checksum();
            if (checksum == null) {
                return Expected.none("no checksum recorded for table " + table.getKey() + ": nothing verified");
            }
            try {
                map.put(table.getKey(), TableChecksum.parse(table.getValue().rows(), checksum));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("table " + table.getKey() + ": " + e.getMessage(), e);
            }
        }
        return new Expected(map, body.copySettings(), true, null);
    }

    /**
     * Verifies on one connection, which is left in autocommit mode with the dumper's session settings.
     */
    public static VerificationReport verify(Connection connection, Toc toc, Expected expected)
            throws SQLException, IOException {
        return run(List.of(connection), toc, expected);
    }

    /** Verifies on {@code jobs} connections opened (and closed) here, biggest tables first. */
    public static VerificationReport verify(ConnectionFactory connections, int jobs, Toc toc, Expected expected)
            throws SQLException, IOException {
        if (!expected.recorded()) {
            return VerificationReport.notRecorded(expected.why());
        }
        List<Connection> opened = new ArrayList<>();
        try {
            int count = Math.max(1, Math.min(jobs, expected.tables().size()));
            for (int i = 0; i < count; i++) {
                opened.add(connections.open());
            }
            return run(opened, toc, expected);
        } finally {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // reading only; nothing to lose
                }
            }
        }
    }

    /** The name a table is recorded under: schema and table, unquoted, joined by a dot. */
    static String tableName(TocEntry entry) {
        return entry.namespace() + "." + entry.tag();
    }

    /** The current values of {@link #COPY_SETTINGS} on a connection. */
    static Map<String, String> readCopySettings(Connection connection) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            for (String name : COPY_SETTINGS) {
                try (ResultSet rs = st.executeQuery("SELECT pg_catalog.current_setting('" + name + "')")) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    /** {@code COPY s.t (cols) FROM stdin;} → {@code COPY s.t (cols) TO STDOUT}. */
    static String copyOutStatement(String copyStmt) {
        String statement = copyStmt.strip();
        String suffix = " FROM stdin;";
        if (!statement.startsWith("COPY ") || !statement.endsWith(suffix)) {
            throw new IllegalArgumentException("not a COPY ... FROM stdin statement: " + statement);
        }
        return statement.substring(0, statement.length() - suffix.length()) + " TO STDOUT";
    }

    private static VerificationReport run(List<Connection> connections, Toc toc, Expected expected)
            throws SQLException, IOException {
        if (!expected.recorded()) {
            return VerificationReport.notRecorded(expected.why());
        }
        List<String> notes = new ArrayList<>();
        for (Connection c : connections) {
            prepare(c, expected.copySettings(), notes);
        }
        Map<String, TocEntry> dataEntries = new HashMap<>();
        Set<String> tocTables = new HashSet<>();
        for (TocEntry entry : toc.entries()) {
            if (entry.isTableData()) {
                dataEntries.put(tableName(entry), entry);
            } else if ("TABLE".equals(entry.desc())) {
                tocTables.add(tableName(entry));
            }
        }
        Map<String, Boolean> live = liveTables(connections.get(0));

        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : new TreeSet<>(expected.tables().keySet())) {
            (live.containsKey(name) ? present : missing).add(name);
        }
        List<String> extra = new ArrayList<>();
        live.forEach((name, extensionMember) -> {
            // A table the TOC creates but whose data was left out (--exclude-table-data) is not "extra".
            if (!extensionMember && !expected.tables().containsKey(name) && !tocTables.contains(name)) {
                extra.add(name);
            }
        });
        extra.sort(null);

        BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        List<String> biggestFirst = new ArrayList<>(present);
        biggestFirst.sort(Comparator.comparingLong((String n) -> expected.tables().get(n).rows()).reversed());
        List<VerificationReport.TableResult> results = new ArrayList<>(Parallel.map(connections.size(), "verify",
                biggestFirst, name -> {
                    Connection c = take(idle);
                    try {
                        return check(c, name, dataEntries.get(name), expected.tables().get(name));
                    } finally {
                        idle.add(c);
                    }
                }));
        results.sort(Comparator.comparing(VerificationReport.TableResult::table));
        return new VerificationReport(true, results, missing, extra, notes);
    }

    private static VerificationReport.TableResult check(Connection connection, String name, TocEntry entry,
                                                        TableChecksum expected) throws IOException {
        if (entry == null) {
            return new VerificationReport.TableResult(name, expected, null,
                    "the snapshot's TOC has no TABLE DATA entry for it");
        }
        RowChecksum rows = new RowChecksum();
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOutStatement(entry.copyStmt()), rows);
        } catch (SQLException e) {
            return new VerificationReport.TableResult(name, expected, null, "COPY failed: " + e.getMessage());
        }
        return new VerificationReport.TableResult(name, expected, rows.result(), null);
    }

    /** The dumper's session, plus the recorded settings; one that cannot be applied becomes a note. */
    private static void prepare(Connection connection, Map<String, String> copySettings, List<String> notes)
            throws SQLException {
        SessionSetup.apply(connection);
        connection.setAutoCommit(true);
        for (String name : COPY_SETTINGS) {
            String value = copySettings.get(name);
            if (value == null) {
                continue;
            }
            try (var ps = connection.prepareStatement("SELECT pg_catalog.set_config(?, ?, false)")) {
                ps.setString(1, name);
                ps.setString(2, value);
                ps.execute();
            } catch (SQLException e) {
                String note = "cannot set " + name + " to '" + value + "' as at backup (" + e.getMessage()
                        + "): tables with such values may differ";
                if (!notes.contains(note)) {
                    notes.add(note);
                }
            }
        }
    }

    /**
     * Ordinary tables (partitions included) by name → whether an extension owns them. Schemas named pg_* are
     * the system's (users cannot create such names): catalog, TOAST, other sessions' temporary tables.
     */
    private static Map<String, Boolean> liveTables(Connection connection) throws SQLException {
        Map<String, Boolean> tables = new HashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT n.nspname, c.relname,
                       EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                  AND d.objid = c.oid AND d.deptype = 'e') AS extension_member
                  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
                """)) {
            while (rs.next()) {
                tables.put(rs.getString(1) + "." + rs.getString(2), rs.getBoolean(3));
            }
        }
        return tables;
    }

    private static Connection take(BlockingQueue<Connection> idle) throws IOException {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
