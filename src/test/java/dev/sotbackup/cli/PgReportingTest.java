package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sotbackup.metrics.MetricsFile;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pg dump} and {@code pg restore} with --json and --metrics-file, and silent standard error off a terminal. */
class PgReportingTest {

    private static TestServer server;
    private static String source;

    @TempDir
    Path work;

    @BeforeAll
    static void createSource() {
        server = PostgresServers.embedded(15);
        source = EveryKind.create(server, "report_src");
    }

    @Test
    void dumpPrintsJsonWritesMetricsAndNothingOnStandardError() throws Exception {
        Path archive = work.resolve("db.pgsql");
        Path metrics = work.resolve("sot_backup.prom");
        Run run = cli("pg", "dump", "-Fc", "-f", archive.toString(), "--json", "--metrics-file", metrics.toString(),
                "-d", server.conninfo(source));
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err(), "no progress drawn outside a terminal");
        assertEquals(1, run.out().lines().count(), run.out());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("pg dump", json.path("command").asText());
        assertEquals(source, json.path("database").asText());
        assertEquals("custom", json.path("format").asText());
        assertTrue(json.path("entries").asInt() > 0, run.out());
        assertTrue(json.path("tables").asInt() > 0, run.out());
        long dumped = json.path("bytes_dumped").asLong();
        assertTrue(dumped > 0, run.out());
        assertEquals(Files.size(archive), json.path("bytes_written").asLong());

        Map<String, Double> values = values(metrics, Map.of("command", "pg_dump", "database", source));
        assertEquals(1.0, values.get(MetricsFile.SUCCESS));
        assertEquals((double) dumped, values.get(MetricsFile.BYTES_PROCESSED));
        assertEquals((double) Files.size(archive), values.get(MetricsFile.BYTES_ADDED));
        assertTrue(values.get(MetricsFile.LAST_SUCCESS) > 1.7e9);
        double lastSuccess = values.get(MetricsFile.LAST_SUCCESS);

        // The same file after a failed dump: the failure is recorded and the last success kept.
        Path failedArchive = work.resolve("failed.pgsql");
        Run failed = cli("pg", "dump", "-Fc", "-f", failedArchive.toString(), "--metrics-file", metrics.toString(),
                "-d", server.conninfo(source + "_missing"), "--metrics-label", "database=" + source);
        assertEquals(1, failed.code(), failed.err());
        assertEquals(1, failed.err().lines().count(), failed.err());
        assertFalse(Files.exists(failedArchive));
        Map<String, Double> after = values(metrics, Map.of("command", "pg_dump", "database", source));
        assertEquals(0.0, after.get(MetricsFile.SUCCESS));
        assertEquals(lastSuccess, after.get(MetricsFile.LAST_SUCCESS));
        try (var files = Files.list(work)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp.")), "no temporary file left");
        }
    }

    @Test
    void jsonNeedsAnOutputFileAndTheMetricsDirectoryMustExist() {
        Run json = cli("pg", "dump", "-Fc", "--json", "-d", server.conninfo(source));
        assertEquals(2, json.code(), json.err());
        assertTrue(json.err().contains("--json needs -f FILE"), json.err());
        assertEquals("", json.out(), "no archive written to standard output");

        Run metrics = cli("pg", "dump", "-Fc", "-f", work.resolve("x.pgsql").toString(), "--metrics-file",
                work.resolve("no/such/dir/m.prom").toString(), "-d", server.conninfo(source));
        assertEquals(2, metrics.code(), metrics.err());
        assertTrue(metrics.err().contains("--metrics-file"), metrics.err());
        assertFalse(Files.exists(work.resolve("x.pgsql")), "checked before dumping");

        Run list = cli("pg", "restore", "-l", "--json", work.resolve("x.pgsql").toString());
        assertEquals(2, list.code(), list.err());
    }

    @Test
    void restorePrintsJsonAndWritesMetrics() throws Exception {
        Path archive = work.resolve("db.pgsql");
        assertEquals(0, cli("pg", "dump", "-Fc", "-f", archive.toString(), "-d", server.conninfo(source)).code());
        String target = server.createDatabase("report_dst");
        Path metrics = work.resolve("restore.prom");
        Run run = cli("pg", "restore", "-j", "2", "--json", "--metrics-file", metrics.toString(),
                "--metrics-label", "deployment=test", "-d", server.conninfo(target), archive.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("pg restore", json.path("command").asText());
        assertEquals(target, json.path("database").asText());
        assertTrue(json.path("tables_loaded").asInt() > 0, run.out());
        assertEquals(0, json.path("errors_ignored").asInt(), run.out());
        long loaded = json.path("bytes_loaded").asLong();
        assertTrue(loaded > 0, run.out());

        Map<String, Double> values = values(metrics, Map.of("command", "pg_restore", "database", target,
                "deployment", "test"));
        assertEquals(1.0, values.get(MetricsFile.SUCCESS));
        assertEquals((double) loaded, values.get(MetricsFile.BYTES_PROCESSED));
        assertFalse(values.containsKey(MetricsFile.BYTES_ADDED));

        // Replace: the JSON says where the previous database went.
        Run replace = cli("pg", "restore", "--replace", "--json", "-d", server.conninfo(target), archive.toString());
        assertEquals(0, replace.code(), replace.err());
        JsonNode replaced = new ObjectMapper().readTree(replace.out());
        assertEquals(target, replaced.path("replaced").path("database").asText());
        assertTrue(replaced.path("replaced").path("previous_kept_as").asText().startsWith(target + "_before_"),
                replace.out());
    }

    @Test
    void helpAndVersionWorkBesidesMinusHForTheHost() {
        for (String command : List.of("dump", "restore")) {
            for (String flag : List.of("--help", "-?")) {
                Run help = cli("pg", command, flag);
                assertEquals(0, help.code(), command + " " + flag + ": " + help.err());
                assertTrue(help.out().contains("-h, --host=HOST"), help.out());
                assertTrue(help.out().contains("--metrics-file=PATH"), help.out());
                assertTrue(help.out().contains("--json"), help.out());
                assertTrue(help.out().contains("--no-progress"), help.out());
            }
            Run version = cli("pg", command, "-V");
            assertEquals(0, version.code(), version.err());
            assertTrue(version.out().startsWith("sot-backup "), version.out());
        }
    }

    private static Map<String, Double> values(Path file, Map<String, String> labels) throws Exception {
        Map<String, Double> values = new HashMap<>();
        for (MetricsFile.Family family : MetricsFile.parse(Files.readString(file))) {
            for (MetricsFile.Sample sample : family.samples()) {
                if (sample.labels().equals(labels)) {
                    values.put(sample.name(), sample.value());
                }
            }
        }
        return values;
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(args, out, new PrintWriter(err, true), Environment.empty());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
