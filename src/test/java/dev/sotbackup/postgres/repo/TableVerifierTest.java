package dev.sotbackup.postgres.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.dump.DumpCounters;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.repository.json.Json;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore drill: checksums recorded at backup are recomputed from a restored database and compared. */
class TableVerifierTest {

    private static final char[] PASSWORD = "verifier test password".toCharArray();
    private static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024);

    @TempDir
    Path repoDir;

    @Test
    void restoredFixtureVerifiesAndChangedTablesAreReported() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String source = server.createDatabase("verify_src");
        Fixtures.load(server, source, Fixtures.NETBOX_V42);
        try (Repository repository = newRepository()) {
            Component component = backup(repository, server, source, 2, 64L << 20, line -> { });
            JsonNode tables = Json.tree(component.body()).path("tables");
            assertEquals(count(server, source, "SELECT count(*) FROM public.extras_cachedvalue"),
                    tables.path("public.extras_cachedvalue").path("rows").asLong());
            assertTrue(tables.path("public.dcim_site").path("checksum").asText().startsWith("xxh64x2:"));

            String target = server.createDatabase("verify_dst");
            Toc toc;
            try (StoredArchive archive = PostgresComponent.open(repository, component)) {
                toc = archive.toc();
                var result = new RestoreEngine(archive::dataSize).restore(archive,
                        ConnInfo.parse(server.conninfo(target)), RestoreOptions.builder().jobs(2).build(),
                                Reporter.silent());
                assertTrue(result.succeeded());
            }
            TableVerifier.Expected expected = TableVerifier.expected(body(component));
            assertTrue(expected.tables().size() > 100, "every table recorded: " + expected.tables().size());

            // A different session time zone than at backup: the recorded one is what makes timestamptz text equal.
            try (Connection c = server.connect(target)) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET TimeZone = 'Pacific/Chatham'");
                }
                VerificationReport report = TableVerifier.verify(c, toc, expected);
                assertTrue(report.ok(), () -> String.join("\n", report.lines()));
                assertEquals(expected.tables().size(), report.tables().size());
                report.tables().forEach(t -> assertEquals(t.expected().rows(), t.actual().rows(), t.table()));
                // Without the recorded settings, the session's own time zone changes every timestamptz text.
                try (Statement st = c.createStatement()) {
                    st.execute("SET TimeZone = 'Pacific/Chatham'");
                }
                VerificationReport unpinned = TableVerifier.verify(c, toc, TableVerifier.Expected.of(expected.tables()));
                assertTrue(unpinned.mismatches().stream().anyMatch(t -> t.table().equals("public.dcim_site")),
                        unpinned::summary);
            }

            try (Connection c = server.connect(target); Statement st = c.createStatement()) {
                st.execute("UPDATE public.dcim_site SET description = description || ' (changed)'"
                        + " WHERE id = (SELECT min(id) FROM public.dcim_site)");
                st.execute("DELETE FROM public.extras_cachedvalue"
                        + " WHERE ctid = (SELECT ctid FROM public.extras_cachedvalue LIMIT 1)");
                st.execute("CREATE TABLE public.stray (i int)");
            }
            VerificationReport report = TableVerifier.verify(() -> server.connect(target), 3, toc, expected);
            assertFalse(report.ok());
            assertEquals(Set.of("public.dcim_site", "public.extras_cachedvalue"), report.mismatches().stream()
                    .map(VerificationReport.TableResult::table).collect(Collectors.toSet()), report.lines()::toString);
            var deleted = report.mismatches().stream()
                    .filter(t -> t.table().equals("public.extras_cachedvalue")).findFirst().orElseThrow();
            assertEquals(deleted.expected().rows() - 1, deleted.actual().rows());
            assertEquals(List.of("public.stray"), report.extra());
            assertEquals(List.of(), report.missing());

            try (Connection c = server.connect(target); Statement st = c.createStatement()) {
                st.execute("DROP TABLE public.stray");
                st.execute("DROP TABLE public.extras_cachedvalue");
            }
            report = TableVerifier.verify(() -> server.connect(target), 2, toc, expected);
            assertEquals(List.of("public.extras_cachedvalue"), report.missing());
            assertEquals(List.of(), report.extra());
            server.dropDatabase(target);
        } finally {
            server.dropDatabase(source);
        }
    }

    /** A table dumped as several page ranges on several threads records the checksum of the whole table. */
    @Test
    void aTableSplitIntoRangesHasTheChecksumOfTheLiveTable() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String db = server.createDatabase("verify_split");
        try (Connection c = server.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE public.big (id bigint PRIMARY KEY, note text, at timestamptz, x float8)");
            st.execute("""
                    INSERT INTO public.big
                    SELECT i, repeat(md5(i::text), 1 + i % 5), timestamptz '2024-01-01' + i * interval '1 minute',
                           i / 7.0
                      FROM generate_series(1, 20000) i
                    """);
            st.execute("CREATE TABLE public.small (k text)");
            st.execute("INSERT INTO public.small VALUES ('a'), ('b'), (NULL)");
            st.execute("VACUUM ANALYZE");
        }
        try (Repository repository = newRepository()) {
            List<String> progress = new CopyOnWriteArrayList<>();
            Component component = backup(repository, server, db, 3, 256 * 1024, progress::add);
            assertTrue(progress.stream().anyMatch(l -> l.contains("public.big (range 2 of")),
                    () -> "split into ranges: " + progress);
            TableChecksum big = TableVerifier.expected(body(component)).tables().get("public.big");
            assertEquals(20000, big.rows());

            Toc toc;
            try (StoredArchive archive = PostgresComponent.open(repository, component)) {
                toc = archive.toc();
            }
            VerificationReport report = TableVerifier.verify(() -> server.connect(db), 2, toc,
                    TableVerifier.expected(body(component)));
            assertTrue(report.ok(), () -> String.join("\n", report.lines()));
            assertEquals(Map.of("public.big", 20000L, "public.small", 3L), report.tables().stream().collect(
                    Collectors.toMap(VerificationReport.TableResult::table, t -> t.actual().rows())));
        } finally {
            server.dropDatabase(db);
        }
    }

    @Test
    void aSnapshotWithoutChecksumsSaysSo() throws Exception {
        ObjectNode body = Json.object();
        body.putObject("data");
        TableVerifier.Expected expected = TableVerifier.expected(Json.MAPPER.treeToValue(body, PostgresBody.class));
        assertFalse(expected.recorded());
        // No connection is opened for a snapshot that has nothing to compare.
        VerificationReport report = TableVerifier.verify(() -> {
            throw new AssertionError("connected");
        }, 2, null, expected);
        assertFalse(report.ok());
        assertEquals("no checksums recorded: nothing verified", report.summary());
        assertTrue(report.lines().get(1).startsWith("no checksums recorded in this snapshot"), report.lines()::toString);
    }

    @Test
    void copyStatementsAreTurnedAround() {
        assertEquals("COPY public.t (a, \"B\") TO STDOUT",
                TableVerifier.copyOutStatement("COPY public.t (a, \"B\") FROM stdin;\n"));
        assertEquals("COPY public.t  TO STDOUT", TableVerifier.copyOutStatement("COPY public.t  FROM stdin;\n"));
    }

    private Repository newRepository() throws Exception {
        return Repository.init(new LocalBackend(repoDir), PASSWORD.clone(), new ScryptParams(1024, 8, 1),
                SMALL_CHUNKS);
    }

    private static Component backup(Repository repository, TestServer server, String db, int jobs, long splitBytes,
                                    java.util.function.Consumer<String> progress) throws Exception {
        try (BackupSession session = repository.startBackup("test-host", jobs)) {
            Component component = PostgresComponent.backup(session, ConnInfo.parse(server.conninfo(db)),
                    CatalogOptions.everything(), jobs, splitBytes, Reporter.lines(progress), new DumpCounters());
            session.commit(Snapshot.of(Instant.now(), "test", List.of(), List.of(component)));
            return component;
        }
    }

    private static long count(TestServer server, String db, String sql) throws Exception {
        try (Connection c = server.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PostgresBody body(Component component) {
        return component.body(PostgresBody.class).orElseThrow();
    }
}
