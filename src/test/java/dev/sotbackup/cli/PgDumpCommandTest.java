package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as operators meet it: options, one-line errors, exit codes, nothing left behind. */
class PgDumpCommandTest {

    private static TestServer server;
    private static String netbox;

    @TempDir
    Path work;

    @BeforeAll
    static void loadFixture() throws Exception {
        server = PostgresServers.embedded(15);
        netbox = server.createDatabase("cli_netbox");
        Fixtures.load(server, netbox, Fixtures.NETBOX_V42);
        // The demo fixture's changelog is empty; give it rows so that leaving them out is observable.
        try (Connection c = server.connect(netbox); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO public.core_objectchange (time, user_name, request_id, action,
                        changed_object_type_id, changed_object_id, object_repr, prechange_data, postchange_data)
                    SELECT now(), 'admin', gen_random_uuid(), 'update', 1, g, 'device ' || g, '{}', '{"a": 1}'
                      FROM generate_series(1, 50) g
                    """);
        }
    }

    @Test
    void excludeTableDataKeepsTheChangelogTableButNotItsRows() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        Path archive = work.resolve("dev-copy.pgsql");
        Run run = cli("pg", "dump", "-Fc", "-f", archive.toString(), "--exclude-table-data", "core_objectchange",
                "-d", server.conninfo(netbox));
        assertEquals(0, run.code(), run.err());

        String target = server.createDatabase("cli_devcopy");
        Oracles.run(true, List.of(pgRestore.toString(), "--exit-on-error", "-d", server.conninfo(target),
                archive.toString()));
        assertEquals(0, count(target, "public.core_objectchange"));
        assertEquals(50, count(netbox, "public.core_objectchange"));
        assertEquals(count(netbox, "public.dcim_device"), count(target, "public.dcim_device"));
        assertTrue(count(target, "public.dcim_device") > 0);
    }

    @Test
    void schemaOnlyPlainDumpHasDefinitionsAndNoRows() {
        Run run = cli("pg", "dump", "-s", "-d", server.conninfo(netbox));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("CREATE TABLE public.dcim_device ("), "schema printed on stdout");
        assertFalse(run.out().contains("COPY public.dcim_device"), "no table data with -s");
    }

    @Test
    void tablePatternSelectsOnlyMatchingTables() {
        Run run = cli("pg", "dump", "-t", "dcim_dev*", "-d", server.conninfo(netbox));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("CREATE TABLE public.dcim_device ("));
        assertTrue(run.out().contains("CREATE TABLE public.dcim_devicerole ("));
        assertFalse(run.out().contains("CREATE TABLE public.dcim_site ("));
    }

    @Test
    void unreachableServerIsOneLineAndLeavesNoFile() throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        Path out = work.resolve("never.pgsql");
        Run run = cli("pg", "dump", "-Fc", "-f", out.toString(), "-d",
                "host=127.0.0.1 port=" + unused + " user=postgres dbname=netbox");
        assertFailedWithOneLine(run, "could not connect to server at 127.0.0.1:" + unused);
        assertNothingLeftIn(work);
    }

    @Test
    void missingDatabaseIsOneLineAndLeavesNoFile() throws IOException {
        Path out = work.resolve("never.pgsql");
        Run run = cli("pg", "dump", "-Fc", "-f", out.toString(), "-d", server.conninfo("no_such_database"));
        assertFailedWithOneLine(run, "database \"no_such_database\" does not exist");
        assertNothingLeftIn(work);
    }

    @Test
    void unwritableOutputIsOneLineAndLeavesNoFile() throws IOException {
        Path readOnly = Files.createDirectory(work.resolve("read-only"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        Path missingParent = work.resolve("no/such/dir/out.pgsql");
        Run missing = cli("pg", "dump", "-Fc", "-f", missingParent.toString(), "-d", server.conninfo(netbox));
        assertFailedWithOneLine(missing, "could not open output file");
        if (!"root".equals(System.getProperty("user.name"))) {
            // root writes through permission bits, so only a normal user can observe the refusal.
            Run denied = cli("pg", "dump", "-Fc", "-f", readOnly.resolve("out.pgsql").toString(),
                    "-d", server.conninfo(netbox));
            assertFailedWithOneLine(denied, "Permission denied");
        }
        assertNothingLeftIn(readOnly);
    }

    @Test
    void existingDumpIsReplacedOnlyBySuccess() throws IOException {
        Path archive = work.resolve("keep.pgsql");
        Files.writeString(archive, "previous good dump");
        Run run = cli("pg", "dump", "-Fc", "-f", archive.toString(), "-d", server.conninfo("no_such_database"));
        assertEquals(1, run.code());
        assertEquals("previous good dump", Files.readString(archive));
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run both = cli("pg", "dump", "-s", "-a", "-d", server.conninfo(netbox));
        assertEquals(2, both.code());
        assertTrue(both.err().contains("cannot be used together"), both.err());
        Run format = cli("pg", "dump", "-F", "x", "-d", server.conninfo(netbox));
        assertEquals(2, format.code());
        Run parallelPlain = cli("pg", "dump", "-j", "2", "-d", server.conninfo(netbox));
        assertEquals(2, parallelPlain.code());
    }

    @Test
    void dumpOfAMissingTableFailsWithOneLine() throws IOException {
        Path out = work.resolve("never.pgsql");
        Run run = cli("pg", "dump", "-Fc", "-f", out.toString(), "-t", "nosuchtable", "-d", server.conninfo(netbox));
        assertFailedWithOneLine(run, "no matching tables were found");
        assertNothingLeftIn(work);
        Run toStdout = cli("pg", "dump", "-t", "nosuchtable", "-t", "public.nosuch*", "-d", server.conninfo(netbox));
        assertFailedWithOneLine(toStdout, "no matching tables were found");
        assertEquals("", toStdout.out(), "not even the header of an empty dump");
    }

    @Test
    void dumpOfAMissingSchemaFailsWithOneLine() throws IOException {
        Run run = cli("pg", "dump", "-Fc", "-f", work.resolve("never.pgsql").toString(), "-n", "nosuchschema",
                "-d", server.conninfo(netbox));
        assertFailedWithOneLine(run, "no matching schemas were found");
        assertNothingLeftIn(work);
    }

    @Test
    void strictNamesRequiresEveryIncludePatternToMatch() {
        Run lenient = cli("pg", "dump", "-s", "-t", "dcim_site", "-t", "nosuch", "-d", server.conninfo(netbox));
        assertEquals(0, lenient.code(), lenient.err());
        assertTrue(lenient.out().contains("CREATE TABLE public.dcim_site ("));
        Run strict = cli("pg", "dump", "-s", "-t", "dcim_site", "-t", "nosuch", "--strict-names",
                "-d", server.conninfo(netbox));
        assertFailedWithOneLine(strict, "no matching tables were found for pattern \"nosuch\"");
        // Exclusions never need to match, with --strict-names or without.
        Run exclusions = cli("pg", "dump", "-s", "-t", "dcim_site", "--strict-names", "-T", "nosuch", "-N", "nosuch",
                "--exclude-table-data", "nosuch", "-d", server.conninfo(netbox));
        assertEquals(0, exclusions.code(), exclusions.err());
    }

    @Test
    void passwordsInAMalformedConnectionStringAreNeverEchoed() {
        for (String conninfo : new String[] {"postgresql://u:ab?Pl4nted@h/db", "postgresql://u:ab/Pl4nted@h/db",
                "host=h password=ab Pl4nted dbname=x"}) {
            Run run = cli("pg", "dump", "-d", conninfo);
            assertFailedWithOneLine(run, "");
            assertFalse(run.err().contains("Pl4nted"), run.err());
        }
    }

    @Test
    void numbersOutOfRangeAreUsageErrors() {
        for (String[] options : new String[][] {{"--split-size", "-5"}, {"--split-size", "1048577"}, {"-j", "0"},
                {"-Fd", "-f", work.resolve("d").toString(), "-j", "1025"}, {"-Z", "10"}, {"-Z", "-1"}, {"-p", "0"},
                {"-p", "65536"}, {"-p", "abc"}}) {
            List<String> args = new ArrayList<>(List.of("pg", "dump", "-d", server.conninfo(netbox)));
            args.addAll(List.of(options));
            Run run = cli(args.toArray(String[]::new));
            assertEquals(2, run.code(), String.join(" ", options) + ": " + run.err());
            assertTrue(run.err().startsWith("sot-backup: " + options[options.length - 2]), run.err());
            assertTrue(run.err().contains("must be"), run.err());
        }
    }

    @Test
    void jobsBeyondTheServersFreeConnectionSlotsAreLoweredWithANote() throws IOException {
        // The embedded server has max_connections 100: 1000 connections would be refused ("too many clients").
        Path out = work.resolve("parallel");
        Run run = cli("pg", "dump", "-Fd", "-j", "1000", "-f", out.toString(), "-d", server.conninfo(netbox));
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).matches("sot-backup: note: -j 1000 lowered to \\d+: the server at "
                + Pattern.quote(server.host() + ":" + server.port()) + " has \\d+ free connection slots"),
                lines.get(0));
        assertTrue(Files.exists(out.resolve("toc.dat")));
    }

    private static void assertFailedWithOneLine(Run run, String expected) {
        assertEquals(1, run.code(), run.err());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one error line, got:\n" + run.err());
        assertTrue(lines.get(0).startsWith("sot-backup: error: "), lines.get(0));
        assertTrue(lines.get(0).contains(expected), lines.get(0));
    }

    private static void assertNothingLeftIn(Path dir) throws IOException {
        List<Path> left = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(left::add);
        }
        assertTrue(left.isEmpty(), "files left behind: " + left);
    }

    private static long count(String database, String table) throws Exception {
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Run cli(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(args, out, new PrintWriter(err, true));
        return new Run(code, out.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
