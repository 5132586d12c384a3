package dev.sotbackup.postgres.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.cli.SotBackup;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The acceptance criterion of the dump engine: stock pg_restore of our -Fc and -Fd archives, and psql of our
 * -Fp script, into an empty database give a database indistinguishable from the source (same pg_dump -s,
 * rows, sequences, large objects, privileges). Runs through the CLI, exactly as an operator would.
 */
class PgDumpFidelityTest {

    /** Source databases are loaded once per JVM and shared by the format variants. */
    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} on PostgreSQL {1}, -F{2} {3}")
    @CsvSource({
            "netbox-demo-v4.2.sql, 15, c, ''",
            "netbox-demo-v4.2.sql, 15, d, -j 2 --split-size 0",
            "netbox-demo-v4.2.sql, 15, p, ''",
            "netbox-demo-v3.7.sql, 15, c, -j 2 --split-size 0",
            "netbox-demo-v3.7.sql, 15, p, ''",
            "every-kind, 15, c, ''",
            "every-kind, 15, c, -j 2 --split-size 0 -Z 1",
            "every-kind, 15, d, -j 2 --split-size 0",
            "every-kind, 15, p, ''",
            "every-kind, 13, c, -j 2 --split-size 0",
            "every-kind, 13, p, ''",
            "every-kind, 17, c, -j 2 --split-size 0",
            "every-kind, 17, d, ''",
    })
    void stockToolsRestoreOurDumpToAnIdenticalDatabase(String source, int major, String format, String extra)
            throws Exception {
        TestServer server = PostgresServers.embedded(major);
        Path restoreTool = Oracles.require(format.equals("p") ? "psql" : "pg_restore", server);
        String sourceDb = source(server, source);

        Path output = work.resolve("dump." + format);
        List<String> args = new ArrayList<>(List.of("pg", "dump", "-F", format, "-f", output.toString(),
                "-d", server.conninfo(sourceDb)));
        if (!extra.isBlank()) {
            args.addAll(List.of(extra.trim().split(" ")));
        }
        CliRun dump = cli(args);
        assertEquals(0, dump.exitCode(), dump.err());

        if (!format.equals("p")) {
            Oracles.ToolResult list = Oracles.run(true, List.of(restoreTool.toString(), "-l", output.toString()));
            assertTrue(list.stdout().contains("TABLE DATA"), "pg_restore -l lists table data:\n" + list.stdout());
        }

        String target = server.createDatabase("restored");
        if (format.equals("p")) {
            Oracles.run(true, List.of(restoreTool.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                    "-d", server.conninfo(target), "-f", output.toString()));
        } else {
            // Parallel dumps are restored in parallel too: pg_restore -j relies on the dependencies we record.
            List<String> restore = new ArrayList<>(List.of(restoreTool.toString(), "--exit-on-error",
                    "-d", server.conninfo(target)));
            if (extra.contains("-j 2")) {
                restore.addAll(List.of("-j", "2"));
            }
            restore.add(output.toString());
            Oracles.run(true, restore);
        }
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, sourceDb),
                DatabaseSnapshot.capture(server, target));
        server.dropDatabase(target);
    }

    /** A dump taken from PostgreSQL 13 restores into 15 and gives the same database as loading 15 directly. */
    @org.junit.jupiter.api.Test
    void dumpFromThirteenRestoresIntoFifteen() throws Exception {
        TestServer old = PostgresServers.embedded(13);
        TestServer current = PostgresServers.embedded(15);
        Path pgRestore = Oracles.require("pg_restore", current);
        String sourceDb = source(old, "every-kind");
        Path output = work.resolve("from13.pgsql");
        CliRun dump = cli(List.of("pg", "dump", "-Fc", "-f", output.toString(), "-d", old.conninfo(sourceDb)));
        assertEquals(0, dump.exitCode(), dump.err());

        String target = current.createDatabase("from13");
        Oracles.run(true, List.of(pgRestore.toString(), "--exit-on-error", "-d", current.conninfo(target),
                output.toString()));
        // Same scripts straight into 15 (without the 15-only addendum, which the 13 source lacks).
        String expected = current.createDatabase("direct13");
        Fixtures.loadScript(current, expected, Fixtures.resource(EveryKind.SCRIPT));
        // Before 15 initdb gave schema public to the bootstrap superuser; a dump carries that owner over, as
        // stock pg_dump's does, so the directly loaded database is given the same owner.
        try (var c = current.connect(expected); var st = c.createStatement()) {
            st.execute("ALTER SCHEMA public OWNER TO " + old.superuser());
        }
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(current, expected),
                DatabaseSnapshot.capture(current, target));
    }

    private static String source(TestServer server, String source) {
        return SOURCES.computeIfAbsent(server.majorVersion() + "/" + source, key -> {
            if (source.equals("every-kind")) {
                return EveryKind.create(server, "everykind");
            }
            String db = server.createDatabase("fixture");
            Fixtures.load(server, db, source);
            return db;
        });
    }

    static CliRun cli(List<String> args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(args.toArray(String[]::new), out, new PrintWriter(err, true));
        return new CliRun(code, out.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString());
    }

    record CliRun(int exitCode, String out, String err) {
    }

    static boolean exists(Path path) {
        return Files.exists(path);
    }
}
