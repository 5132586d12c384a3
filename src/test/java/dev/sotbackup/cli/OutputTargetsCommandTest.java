package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.output.RunFiles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.SpecialFiles;
import dev.sotbackup.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes an output file, pointed at what is not a regular file: a device stays a device, a
 * FIFO's reader gets the whole archive, a directory is one line; and leftovers of a killed run are removed by the
 * next run that writes the same output.
 */
class OutputTargetsCommandTest {

    private static final String PASSWORD = "outputs-test-password";

    private static TestServer server;
    private static String database;

    @TempDir
    Path work;

    @BeforeAll
    static void createDatabase() throws Exception {
        server = PostgresServers.embedded(15);
        database = server.createDatabase("outputs");
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE public.item (id int PRIMARY KEY, name text CONSTRAINT name_set CHECK (name <> ''))");
            st.execute("CREATE TABLE public.note (id int PRIMARY KEY, item int REFERENCES public.item, body text)");
            st.execute("INSERT INTO public.item SELECT g, 'item ' || g FROM generate_series(1, 5000) g");
            st.execute("INSERT INTO public.note SELECT g, g % 5000 + 1, repeat('x', g % 97) FROM generate_series(1, 8000) g");
        }
    }

    @Test
    void pgDumpIntoADeviceWritesThroughItInEveryFormatAndLeavesItADevice() throws Exception {
        Path device = SpecialFiles.nullDevice(work.resolve("null"));
        for (List<String> format : List.of(List.of("-Fp"), List.of("-Fc"), List.of("-Fc", "-j", "2"))) {
            List<String> args = new ArrayList<>(List.of("pg", "dump", "-f", device.toString(), "-d",
                    server.conninfo(database)));
            args.addAll(format);
            CommandRun run = cli(args.toArray(String[]::new));
            assertEquals(0, run.code(), format + ": " + run);
            assertTrue(SpecialFiles.isCharacterDevice(device), format + ": still a character device");
            assertEquals(List.of("null"), names(work), format + ": nothing created beside the device");
        }
        assertEquals(List.of(), spillsOfThisProcess(), "the -j 2 spill files went to java.io.tmpdir and away");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void pgDumpIntoAFifoDeliversTheWholeArchiveToItsReader() throws Exception {
        Path fifo = SpecialFiles.fifo(work.resolve("pipe"));
        Path plainFile = work.resolve("plain.sql");
        assertEquals(0, cli("pg", "dump", "-f", plainFile.toString(), "-d", server.conninfo(database)).code());

        byte[] plainThroughFifo = dumpThrough(fifo, "-Fp");
        assertArrayEquals(Files.readAllBytes(plainFile), plainThroughFifo, "the same bytes as a dump to a file");

        Path custom = Files.write(work.resolve("from-fifo.dump"), dumpThrough(fifo, "-Fc", "-j", "2"));
        String target = server.createDatabase("from_fifo");
        CommandRun restore = cli("pg", "restore", "-d", server.conninfo(target), custom.toString());
        assertEquals(0, restore.code(), restore.toString());
        assertEquals(8000, count(target, "public.note"));
        assertEquals(5000, count(target, "public.item"));
        assertTrue(SpecialFiles.isFifo(fifo), "still a FIFO");
        server.dropDatabase(target);
    }

    @Test
    void pgDumpToADashWritesStandardOutput() {
        CommandRun run = cli("pg", "dump", "-f", "-", "-d", server.conninfo(database));
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("CREATE TABLE public.item ("), "the script on standard output");
        assertFalse(Files.exists(Path.of("-")), "no file named -");
    }

    @Test
    void pgDumpIntoADirectoryPathIsOneLine() throws Exception {
        Path directory = Files.createDirectory(work.resolve("dumps"));
        CommandRun run = cli("pg", "dump", "-Fc", "-f", directory.toString(), "-d", server.conninfo(database));
        assertOneLine(run, "sot-backup: error: could not open output file \"" + directory + "\": Is a directory");
        assertEquals(List.of(), names(directory));
        assertEquals(List.of("dumps"), names(work));
    }

    @Test
    void pgDumpOfADirectoryArchiveIntoADeviceIsOneLine() throws Exception {
        Path device = SpecialFiles.nullDevice(work.resolve("null"));
        CommandRun run = cli("pg", "dump", "-Fd", "-f", device.toString(), "-d", server.conninfo(database));
        assertOneLine(run, "sot-backup: error: could not create directory \"" + device
                + "\": it exists and is not a directory");
        assertTrue(SpecialFiles.isCharacterDevice(device));
        assertEquals(List.of("null"), names(work));
    }

    @Test
    void pgDumpReplacesAnExistingFileOnlyOnSuccessAndKeepsItsPermissions() throws Exception {
        Path archive = Files.writeString(work.resolve("nightly.dump"), "previous good dump");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r-----"));
        CommandRun failed = cli("pg", "dump", "-Fc", "-f", archive.toString(), "-d",
                server.conninfo("no_such_database"));
        assertEquals(1, failed.code(), failed.toString());
        assertEquals("previous good dump", Files.readString(archive));

        CommandRun run = cli("pg", "dump", "-Fc", "-f", archive.toString(), "-d", server.conninfo(database));
        assertEquals(0, run.code(), run.toString());
        assertTrue(new String(Files.readAllBytes(archive), 0, 5).equals("PGDMP"), "replaced by the new archive");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
        assertEquals(List.of("nightly.dump"), names(work));
    }

    @Test
    void pgRestoreScriptIntoADeviceLeavesItADevice() throws Exception {
        Path archive = work.resolve("in.dump");
        assertEquals(0, cli("pg", "dump", "-Fc", "-f", archive.toString(), "-d", server.conninfo(database)).code());
        Path device = SpecialFiles.nullDevice(work.resolve("null"));
        CommandRun run = cli("pg", "restore", "-f", device.toString(), archive.toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(SpecialFiles.isCharacterDevice(device));
        assertEquals(List.of("in.dump", "null"), names(work));
    }

    @Test
    void exportAndMetricsIntoADeviceLeaveItADevice() throws Exception {
        Path media = Files.createDirectories(work.resolve("media/images"));
        Files.writeString(media.resolve("rack.png"), "not really a picture");
        Path repositoryDirectory = work.resolve("repo");
        Environment env = CommandRun.repositoryEnvironment(repositoryDirectory, PASSWORD);
        assertEquals(0, CommandRun.of(env, new String[] {"init"}, PASSWORD).code());
        CommandRun backup = CommandRun.of(env, new String[] {"backup", "--postgres", server.conninfo(database),
                "--dir", "media=" + work.resolve("media")}, PASSWORD);
        assertEquals(0, backup.code(), backup.toString());
        Path device = SpecialFiles.nullDevice(work.resolve("null"));

        for (String[] args : List.of(
                new String[] {"export", "latest", "-f", device.toString(), "-j", "2"},
                new String[] {"export", "latest", "--files", "media", "-o", device.toString()},
                new String[] {"backup", "--postgres", server.conninfo(database), "--metrics-file", device.toString()},
                new String[] {"pg", "dump", "-f", work.resolve("d.sql").toString(), "--metrics-file",
                    device.toString(), "-d", server.conninfo(database)})) {
            CommandRun run = CommandRun.of(env, args, PASSWORD);
            assertEquals(0, run.code(), List.of(args) + ": " + run);
            assertFalse(run.err().contains("warning"), List.of(args) + ": " + run);
            assertTrue(SpecialFiles.isCharacterDevice(device), List.of(args) + ": still a character device");
        }
        assertEquals(List.of("d.sql", "media", "null", "repo"), names(work), "no lock or temporary file beside");
    }

    /**
     * A pg dump killed while it runs leaves its temporary file (named for its PID); the next dump to the same file
     * removes it with a note, and leaves the leftover of a run that is still alive.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theNextDumpRemovesWhatAKilledDumpLeftAndKeepsWhatALiveOneHas() throws Exception {
        Path archive = work.resolve("netbox.dump");
        Process live = new ProcessBuilder("sleep", "300").start();
        Path liveLeftover = Files.writeString(work.resolve(".netbox.dump.sot-" + live.pid() + "-1.tmp"), "busy");
        // A server that accepts the connection and never answers: the child waits there with its output open.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    SotBackup.class.getName(), "pg", "dump", "-Fc", "-j", "2", "-f", archive.toString(),
                    "-d", "host=127.0.0.1 port=" + silent.getLocalPort() + " user=postgres dbname=netbox")
                    .redirectErrorStream(true).redirectOutput(work.resolve("child.log").toFile()).start();
            String childLeftover = ".netbox.dump.sot-" + child.pid() + "-";
            for (int i = 0; i < 600 && names(work).stream().noneMatch(n -> n.startsWith(childLeftover)); i++) {
                Thread.sleep(50);
            }
            assertTrue(child.isAlive(), "the child waits for the server: " + Files.readString(work.resolve("child.log")));
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            List<String> leftovers = names(work).stream().filter(n -> n.startsWith(childLeftover)).toList();
            assertEquals(1, leftovers.size(), "the killed dump left its temporary file: " + names(work));

            CommandRun next = cli("pg", "dump", "-Fc", "-f", archive.toString(), "-d", server.conninfo(database));
            assertEquals(0, next.code(), next.toString());
            assertEquals("sot-backup: note: removed " + leftovers.getFirst() + " in " + work.toRealPath()
                    + ", left by an interrupted run (pid " + child.pid() + "): 0 bytes", next.err().strip());
            assertEquals(List.of(liveLeftover.getFileName().toString(), "child.log", "netbox.dump"), names(work));
        } finally {
            live.destroyForcibly();
        }
    }

    private byte[] dumpThrough(Path fifo, String... format) throws Exception {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> args = new ArrayList<>(List.of("pg", "dump", "-f", fifo.toString(), "-d",
                server.conninfo(database)));
        args.addAll(List.of(format));
        CommandRun run = cli(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.toString());
        return read.get(60, TimeUnit.SECONDS);
    }

    private static List<String> spillsOfThisProcess() throws IOException {
        String mine = ".sot-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(RunFiles.temporaryDirectory())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(mine) && n.endsWith(".spill"))
                    .toList();
        }
    }

    private static void assertOneLine(CommandRun run, String line) {
        assertEquals(1, run.code(), run.toString());
        assertEquals(line, run.err().strip(), run.toString());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long count(String db, String table) throws Exception {
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static CommandRun cli(String... args) {
        return CommandRun.of(Environment.empty(), args);
    }
}
