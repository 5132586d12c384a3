package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shared steps of the non-table reader tests: build a source database from SQL, read it with readers inside a
 * snapshot the way the dumper does, replay the rendered SQL into a fresh database, and query both.
 */
final class ObjectReaderTestKit {

    private ObjectReaderTestKit() {
    }

    /** A fresh database on {@code server} with {@code setup} run in it (several statements allowed). */
    static String database(TestServer server, String prefix, String setup) throws SQLException {
        String name = server.createDatabase(prefix);
        if (setup != null && !setup.isBlank()) {
            try (Connection c = server.connect(name); Statement st = c.createStatement()) {
                st.execute(setup);
            }
        }
        return name;
    }

    /** Runs the readers in one REPEATABLE READ snapshot with an empty search_path, as the dumper does. */
    static List<DumpObject> read(TestServer server, String database, CatalogOptions options,
                                 ObjectReader... readers) throws SQLException {
        try (Connection c = server.connect(database)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_catalog.set_config('search_path', '', false)");
            }
            CatalogContext ctx = new CatalogContext(c, options);
            List<DumpObject> out = new ArrayList<>();
            for (ObjectReader reader : readers) {
                out.addAll(reader.read(ctx));
            }
            c.rollback();
            return out;
        }
    }

    static List<DumpObject> read(TestServer server, String database, ObjectReader... readers)
            throws SQLException {
        return read(server, database, CatalogOptions.everything(), readers);
    }

    /**
     * Executes every object's definition and then its satellites in {@code target}, pre-data before post-data
     * and, within a section, in priority order, keeping the readers' order otherwise — enough for the small
     * schemas these tests build. Session settings follow pg_restore's.
     */
    static void replay(TestServer server, String target, List<DumpObject> objects) throws SQLException {
        List<DumpObject> ordered = new ArrayList<>(objects);
        ordered.sort(Comparator.comparing((DumpObject o) -> sectionRank(o.section()))
                .thenComparing(DumpObject::priority));
        try (Connection c = server.connect(target); Statement st = c.createStatement()) {
            st.execute("SELECT pg_catalog.set_config('search_path', '', false)");
            st.execute("SET check_function_bodies = false");
            for (DumpObject o : ordered) {
                execute(st, o.defn(), o);
                for (Satellite s : o.satellites()) {
                    execute(st, s.defn(), o);
                }
            }
        }
    }

    private static int sectionRank(Section s) {
        return switch (s) {
            case PRE_DATA -> 0;
            case NONE -> 1;
            case DATA -> 2;
            case POST_DATA -> 3;
        };
    }

    private static void execute(Statement st, String sql, DumpObject o) throws SQLException {
        if (sql == null || sql.startsWith("--")) {
            return;
        }
        try {
            st.execute(sql);
        } catch (SQLException e) {
            throw new SQLException("replaying " + o.desc() + " " + o.tag() + " failed: " + sql, e);
        }
    }

    /** Rows of {@code sql}, each row's columns joined with " | ". */
    static List<String> rows(TestServer server, String database, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            st.execute("SELECT pg_catalog.set_config('search_path', '', false)");
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                    }
                    out.add(row.toString());
                }
            }
        }
        return out;
    }

    static List<DumpObject> filter(List<DumpObject> objects, Predicate<DumpObject> p) {
        return objects.stream().filter(p).toList();
    }

    static DumpObject only(List<DumpObject> objects, String desc, String tag) {
        List<DumpObject> found = filter(objects, o -> o.desc().equals(desc) && o.tag().equals(tag));
        if (found.size() != 1) {
            throw new AssertionError("expected one " + desc + " " + tag + " but found " + found.size() + " in "
                    + objects.stream().map(o -> o.desc() + " " + o.tag()).toList());
        }
        return found.get(0);
    }

    static Satellite satellite(DumpObject o, String desc) {
        return o.satellites().stream().filter(s -> s.desc().equals(desc)).findFirst()
                .orElseThrow(() -> new AssertionError(o.desc() + " " + o.tag() + " has no " + desc));
    }

    static CatalogOptions excludingSchemas(String... patterns) {
        CatalogOptions all = CatalogOptions.everything();
        return new CatalogOptions(all.schemaOnly(), all.dataOnly(), all.noOwner(), all.noPrivileges(),
                all.includeLargeObjects(), all.includeSchemas(),
                java.util.Arrays.stream(patterns).map(NamePattern::parse).toList(),
                all.includeTables(), all.excludeTables(), all.excludeTableData());
    }
}
