package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code pg restore} as operators use it: every stock pg_dump format and our own archives restore to a database
 * indistinguishable from the source; bad archives give one line and leave the target as it was.
 */
class PgRestoreCommandTest {

    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();

    @TempDir
    Path work;

    @ParameterizedTest(name = "stock pg_dump -F{1} of {0}, restored with {2}")
    @CsvSource({
            "netbox-demo-v4.2.sql, c, -j 2",
            "netbox-demo-v4.2.sql, d, -j 2",
            "netbox-demo-v4.2.sql, t, ''",
            "netbox-demo-v4.2.sql, p, ''",
            "netbox-demo-v3.7.sql, c, ''",
            "netbox-demo-v3.7.sql, t, ''",
            "every-kind, c, ''",
            "every-kind, c, -j 2",
            "every-kind, d, -j 2",
            "every-kind, t, ''",
            "every-kind, p, ''",
    })
    void stockDumpsRestoreToAnIdenticalDatabase(String source, String format, String extra) throws Exception {
        TestServer server = PostgresServers.embedded(15);
        Path pgDump = Oracles.require("pg_dump", server);
        String sourceDb = source(server, source);
        Path archive = work.resolve("stock." + format);
        Oracles.run(true, List.of(pgDump.toString(), "-F", format, "-f", archive.toString(),
                "-d", server.conninfo(sourceDb)));

        String target = server.createDatabase("restored");
        List<String> args = new ArrayList<>(List.of("pg", "restore", "-d", server.conninfo(target)));
        if (!extra.isBlank()) {
            args.addAll(List.of(extra.trim().split(" ")));
        }
        args.add(archive.toString());
        Run run = cli(args);
        assertEquals(0, run.code(), run.err());
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, sourceDb),
                DatabaseSnapshot.capture(server, target));
        server.dropDatabase(target);
    }

    @ParameterizedTest(name = "our -F{0} dump restored by us with -j {1}")
    @CsvSource({"c, 1", "c, 2", "d, 2"})
    void ourDumpRestoresToAnIdenticalDatabase(String format, int jobs) throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String sourceDb = source(server, "every-kind");
        Path archive = work.resolve("ours." + format);
        assertEquals(0, cli(List.of("pg", "dump", "-F", format, "-j", "2", "--split-size", "0",
                "-f", archive.toString(), "-d", server.conninfo(sourceDb))).code());
        String target = server.createDatabase("ours");
        Run run = cli(List.of("pg", "restore", "-j", Integer.toString(jobs), "-d", server.conninfo(target),
                archive.toString()));
        assertEquals(0, run.code(), run.err());
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, sourceDb),
                DatabaseSnapshot.capture(server, target));
    }

    /** The cross-version case: a dump of PostgreSQL 13 restores into 17. */
    @Test
    void dumpOfThirteenRestoresIntoSeventeen() throws Exception {
        TestServer old = PostgresServers.embedded(13);
        TestServer current = PostgresServers.embedded(17);
        String sourceDb = source(old, "every-kind");
        Path archive = work.resolve("from13.pgsql");
        assertEquals(0, cli(List.of("pg", "dump", "-Fc", "-f", archive.toString(),
                "-d", old.conninfo(sourceDb))).code());
        // Roles belong to the cluster, not to a database dump (pg_dumpall -g carries them); create them first.
        current.ensureRole("sot_owner");
        current.ensureRole("sot_reader");
        String target = current.createDatabase("from13");
        Run run = cli(List.of("pg", "restore", "-j", "2", "-d", current.conninfo(target), archive.toString()));
        assertEquals(0, run.code(), run.err());
        // pg_dump 15 cannot print a 17 schema, so rows, sequences, large objects and privileges are compared.
        DatabaseSnapshot expected = DatabaseSnapshot.capture(old, sourceDb);
        DatabaseSnapshot actual = DatabaseSnapshot.capture(current, target);
        assertEquals(expected.rowChecksums(), actual.rowChecksums());
        assertEquals(expected.sequences(), actual.sequences());
        assertEquals(expected.largeObjects(), actual.largeObjects());
    }

    @Test
    void listingMatchesStockPgRestore() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        Path pgRestore = Oracles.require("pg_restore", server);
        Path archive = work.resolve("list.pgsql");
        assertEquals(0, cli(List.of("pg", "dump", "-Fc", "-f", archive.toString(),
                "-d", server.conninfo(source(server, Fixtures.NETBOX_V42)))).code());
        Run ours = cli(List.of("pg", "restore", "-l", archive.toString()));
        String stock = Oracles.run(true, List.of(pgRestore.toString(), "-l", archive.toString())).stdout();
        assertEquals(entryLines(stock), entryLines(ours.out()));
    }

    @Test
    void corruptOrForeignInputIsOneLineAndLeavesTheTargetAsItWas() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String sourceDb = source(server, Fixtures.NETBOX_V42);
        Path good = work.resolve("good.pgsql");
        assertEquals(0, cli(List.of("pg", "dump", "-Fc", "-f", good.toString(), "-d", server.conninfo(sourceDb)))
                .code());
        byte[] bytes = Files.readAllBytes(good);
        String target = server.createDatabase("keep");
        try (Connection c = server.connect(target); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE precious (v text); INSERT INTO precious VALUES ('still here')");
        }
        List<Path> bad = new ArrayList<>();
        bad.add(write("truncated-header.pgsql", java.util.Arrays.copyOf(bytes, 9)));
        bad.add(write("truncated-toc.pgsql", java.util.Arrays.copyOf(bytes, 4000)));
        bad.add(write("truncated-data.pgsql", java.util.Arrays.copyOf(bytes, bytes.length - 5000)));
        bad.add(write("flipped-magic.pgsql", flip(bytes, 2)));
        bad.add(write("flipped-data.pgsql", flip(bytes, bytes.length - 20000)));
        byte[] newer = bytes.clone();
        newer[6] = 17; // archive version 1.17
        bad.add(write("newer.pgsql", newer));
        bad.add(write("not-an-archive.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0}));
        for (Path archive : bad) {
            for (String mode : List.of("--replace", "--exit-on-error")) {
                Run run = cli(List.of("pg", "restore", mode, "-d", server.conninfo(target), archive.toString()));
                assertEquals(1, run.code(), archive + " " + mode + ": " + run.err());
                List<String> lines = run.err().lines().filter(l -> l.startsWith("sot-backup: error:")).toList();
                assertEquals(1, lines.size(), archive + ": " + run.err());
                assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
                if (mode.equals("--replace")) {
                    assertEquals("still here", precious(server, target), "target kept after " + archive);
                    assertEquals(0, scratchDatabases(server, target), "no scratch left after " + archive);
                }
            }
        }
    }

    @Test
    void restoreOfAMissingTableFailsAndLeavesTheTargetAlone() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String sourceDb = source(server, Fixtures.NETBOX_V42);
        Path archive = work.resolve("select.pgsql");
        assertEquals(0, cli(List.of("pg", "dump", "-Fc", "-f", archive.toString(), "-d", server.conninfo(sourceDb)))
                .code());
        String target = server.createDatabase("select");
        try (Connection c = server.connect(target); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE precious (v text); INSERT INTO precious VALUES ('still here')");
        }
        String into = server.conninfo(target);
        for (List<String> selection : List.of(List.of("-d", into, "-t", "nosuchtable"),
                List.of("-d", into, "-n", "nosuchschema"), List.of("-d", into, "--replace", "-t", "nosuchtable"),
                List.of("-d", into, "-t", "dcim_site", "-t", "nosuch", "--strict-names"),
                List.of("-f", work.resolve("script.sql").toString(), "-t", "nosuchtable"))) {
            List<String> args = new ArrayList<>(List.of("pg", "restore"));
            args.addAll(selection);
            args.add(archive.toString());
            Run run = cli(args);
            assertEquals(1, run.code(), selection + ": " + run.err());
            List<String> lines = run.err().lines().toList();
            assertEquals(1, lines.size(), run.err());
            assertTrue(lines.get(0).equals("sot-backup: error: no matching tables were found in the archive")
                    || lines.get(0).equals("sot-backup: error: no matching schemas were found in the archive")
                    || lines.get(0).equals("sot-backup: error: table \"nosuch\" not found"), lines.get(0));
        }
        assertEquals("still here", precious(server, target));
        assertEquals(0, scratchDatabases(server, target));
        assertTrue(Files.notExists(work.resolve("script.sql")));

        Path script = work.resolve("some.sql");
        Run some = cli(List.of("pg", "restore", "-f", script.toString(), "-t", "dcim_site", "-t", "nosuch",
                archive.toString()));
        assertEquals(0, some.code(), some.err());
        assertTrue(Files.readString(script).contains("CREATE TABLE public.dcim_site ("));
    }

    @Test
    void aPlainScriptRefusesOptionsItCannotHonour() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        Path script = work.resolve("dump.sql");
        Files.writeString(script, "--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE t (id int);\n");
        String target = server.createDatabase("plain");
        Run run = cli(List.of("pg", "restore", "-d", server.conninfo(target), "-t", "t", "-O", script.toString()));
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("sot-backup: " + script + " is a plain SQL script, which is run whole; -t, -O "
                + "need an archive"), run.err());
    }

    @Test
    void aListFileIsReadWithABoundAndBadJobsAreUsageErrors() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        Path archive = work.resolve("l.pgsql");
        assertEquals(0, cli(List.of("pg", "dump", "-Fc", "-s", "-t", "dcim_site", "-f", archive.toString(),
                "-d", server.conninfo(source(server, Fixtures.NETBOX_V42)))).code());
        Run zero = cli(List.of("pg", "restore", "-f", "-", "-L", "/dev/zero", archive.toString()));
        assertEquals(1, zero.code(), zero.err());
        assertEquals(List.of("sot-backup: error: -L/--use-list \"/dev/zero\" is not a regular file"),
                zero.err().lines().toList());
        for (String jobs : List.of("0", "1025")) {
            Run run = cli(List.of("pg", "restore", "-j", jobs, "-d", "postgres", archive.toString()));
            assertEquals(2, run.code(), run.err());
            assertTrue(run.err().startsWith("sot-backup: -j/--jobs must be in range 1..1024"), run.err());
        }
    }

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(work.resolve(name), content);
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x5A;
        return copy;
    }

    private static String precious(TestServer server, String db) throws Exception {
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v FROM precious")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int scratchDatabases(TestServer server, String db) throws Exception {
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE '"
                     + db + "\\_sotrestore\\_%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> entryLines(String listing) {
        return listing.lines().filter(l -> !l.startsWith(";") && !l.isBlank()).toList();
    }

    private static String source(TestServer server, String source) {
        return SOURCES.computeIfAbsent(server.majorVersion() + "/" + source, key -> {
            if (source.equals("every-kind")) {
                return EveryKind.create(server, "rs_everykind");
            }
            String db = server.createDatabase("rs_fixture");
            Fixtures.load(server, db, source);
            return db;
        });
    }

    private static Run cli(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(args.toArray(String[]::new), out, new PrintWriter(err, true));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
