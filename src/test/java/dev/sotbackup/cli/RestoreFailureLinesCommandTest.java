package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one line a failed restore prints says what it left: a restore in place that stopped half-way says the
 * database is now partly restored and names --replace; one into a database that is not empty names
 * --clean --if-exists and --replace; a damaged archive is refused before anything is restored.
 */
class RestoreFailureLinesCommandTest {

    private static final String PASSWORD = "failure-lines-password";

    private static TestServer server;
    /** Owns table z of the archive and is gone when the archive is restored: z fails after a was restored. */
    private static String vanishedRole;
    private static Path archive;
    private static Path repository;

    @TempDir
    static Path work;

    @BeforeAll
    static void dumpADatabaseWhoseLastTableCannotBeRestored() throws Exception {
        server = PostgresServers.embedded(15);
        vanishedRole = "gone_" + ProcessHandle.current().pid();
        server.ensureRole(vanishedRole);
        String source = server.createDatabase("lines");
        try (Connection c = server.connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE public.a (id int PRIMARY KEY, name text CONSTRAINT name_set CHECK (name <> ''))");
            st.execute("INSERT INTO public.a SELECT g, 'row ' || g FROM generate_series(1, 1000) g");
            st.execute("CREATE TABLE public.z (id int)");
            st.execute("ALTER TABLE public.z OWNER TO " + vanishedRole);
        }
        archive = work.resolve("lines.dump");
        assertEquals(0, cli("pg", "dump", "-Fc", "-f", archive.toString(), "-d", server.conninfo(source)).code());
        repository = work.resolve("repo");
        Environment env = CommandRun.repositoryEnvironment(repository, PASSWORD);
        assertEquals(0, CommandRun.of(env, new String[] {"init"}, PASSWORD).code());
        assertEquals(0, CommandRun.of(env, new String[] {"backup", "--postgres", server.conninfo(source)}, PASSWORD)
                .code());
        server.dropDatabase(source);
        server.execute("DROP ROLE " + vanishedRole);
    }

    @AfterAll
    static void dropRole() {
        server.execute("DROP ROLE IF EXISTS " + vanishedRole);
    }

    @Test
    void aParallelRestoreInPlaceThatFailsHalfWaySaysTheDatabaseIsPartlyRestoredAndNamesReplace() throws Exception {
        String target = server.createDatabase("inplace");
        CommandRun run = cli("pg", "restore", "-j", "2", "-d", server.conninfo(target), archive.toString());
        assertOneLine(run, "sot-backup: error: could not execute TABLE public.z (dumpId 6): role \"" + vanishedRole
                + "\" does not exist; the database \"" + target + "\" is now partly restored \u2014 drop and "
                + "recreate it, or restore with --replace (through a scratch database)");
        assertTrue(tables(target).contains("a"), "what the line says: table a was restored before z failed");
        server.dropDatabase(target);
    }

    @Test
    void aRepositoryRestoreInPlaceThatFailsHalfWaySaysTheSame() throws Exception {
        String target = server.createDatabase("fromrepo");
        CommandRun run = CommandRun.of(CommandRun.repositoryEnvironment(repository, PASSWORD),
                new String[] {"restore", "latest", "--postgres", server.conninfo(target)}, PASSWORD);
        assertEquals(1, run.code(), run.toString());
        String line = lastLine(run);
        assertTrue(line.startsWith("sot-backup: error: could not execute TABLE public.z (dumpId 6): role \""
                + vanishedRole + "\" does not exist; the database \"" + target + "\" is now partly restored"), line);
        assertTrue(line.endsWith("or restore with --replace (through a scratch database)"), line);
        assertTrue(tables(target).contains("a"));
        server.dropDatabase(target);
    }

    @Test
    void aRestoreIntoADatabaseThatIsNotEmptyNamesCleanIfExistsAndReplace() throws Exception {
        String target = server.createDatabase("notempty");
        try (Connection c = server.connect(target); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE public.a (kept text)");
        }
        CommandRun run = cli("pg", "restore", "-d", server.conninfo(target), archive.toString());
        assertOneLine(run, "sot-backup: error: could not execute TABLE public.a (dumpId 5): relation \"a\" already "
                + "exists; the database \"" + target + "\" is not empty \u2014 restore with --clean --if-exists "
                + "(drops the archive's objects first) or with --replace (through a scratch database)");
        server.dropDatabase(target);
    }

    @Test
    void aSingleTransactionRestoreThatFailsDoesNotClaimAPartlyRestoredDatabase() throws Exception {
        String target = server.createDatabase("onetx");
        CommandRun run = cli("pg", "restore", "-1", "-d", server.conninfo(target), archive.toString());
        assertOneLine(run, "sot-backup: error: could not execute TABLE public.z (dumpId 6): role \"" + vanishedRole
                + "\" does not exist");
        assertEquals(List.of(), tables(target), "the one transaction rolled back");
        server.dropDatabase(target);
    }

    /**
     * Ctrl-C or a CronJob's deadline (SIGTERM) ends a restore in place half-way; it still says what it may have
     * left and names --replace, as a failure does.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRestoreInPlaceEndedBySigtermSaysWhatItMayHaveLeft() throws Exception {
        String source = server.createDatabase("netbox");
        Fixtures.load(server, source, Fixtures.NETBOX_V42);
        Path dump = work.resolve("netbox.dump");
        assertEquals(0, cli("pg", "dump", "-Fc", "-f", dump.toString(), "-d", server.conninfo(source)).code());
        server.dropDatabase(source);
        String target = server.createDatabase("signalled");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SotBackup.class.getName(),
                "pg", "restore", "-v", "-d", server.conninfo(target), dump.toString()).start();
        List<String> lines = new ArrayList<>();
        int processed = 0;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                lines.add(line);
                if (line.startsWith("sot-backup: processing ") && ++processed == 200) {
                    // SIGTERM, so shutdown hooks run; through the handle, which (unlike Process) keeps stderr open.
                    child.toHandle().destroy();
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, child.exitValue(), "ended by the signal, not finished: " + lines);
        assertTrue(lines.contains("sot-backup: note: interrupted; the database \"" + target + "\" may now be partly "
                + "restored \u2014 drop and recreate it, or restore with --replace (through a scratch database)"),
                lines.subList(Math.max(0, lines.size() - 5), lines.size()).toString());
        assertTrue(tables(target).size() > 0, "it was interrupted half-way");
        server.dropDatabase(target);
    }

    /** A flipped byte makes the constraint's name invalid UTF-8: refused before anything is restored. */
    @Test
    void anArchiveWithAnInvalidUtf8ConstraintNameIsOneLineNamingTheEntry() throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        byte[] name = "name_set".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, name);
        bytes[at + 4] = (byte) 0xC3; // "name" + 0xC3 'set': a lead byte without its continuation
        Path flipped = Files.write(work.resolve("flipped.dump"), bytes);
        String target = server.createDatabase("flipped");
        CommandRun run = cli("pg", "restore", "-d", server.conninfo(target), flipped.toString());
        assertOneLine(run, "sot-backup: error: invalid byte sequence for encoding \"UTF8\": 0xc3 in the definition "
                + "of TABLE public.a (dumpId 5) in archive \"" + flipped + "\"");
        assertEquals(List.of(), tables(target));
        server.dropDatabase(target);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not in the archive");
    }

    private static List<String> tables(String database) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static void assertOneLine(CommandRun run, String line) {
        assertEquals(1, run.code(), run.toString());
        assertEquals(line, run.err().strip(), run.toString());
    }

    private static String lastLine(CommandRun run) {
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        return lines.getLast();
    }

    private static CommandRun cli(String... args) {
        return CommandRun.of(Environment.empty(), args);
    }
}
