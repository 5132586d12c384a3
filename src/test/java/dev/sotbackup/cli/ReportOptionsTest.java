package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.cli.progress.ProgressBar;
import dev.sotbackup.cli.progress.ProgressUnit;
import dev.sotbackup.metrics.MetricsFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The shared --json / --metrics-file / --no-progress / --quiet options and their helpers. */
class ReportOptionsTest {

    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        ReportOptions report;

        @Override
        public void run() {
        }
    }

    private final StringWriter err = new StringWriter();

    private ReportOptions parse(String... args) {
        Probe probe = new Probe();
        CommandLine cli = new CommandLine(probe);
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs(args);
        return probe.report;
    }

    @Test
    void optionsParse() {
        ReportOptions report = parse("--json", "--metrics-file", dir.resolve("m.prom").toString(),
                "--metrics-label", "deployment=prod", "--metrics-label", "site=fra", "--quiet", "--no-progress");
        assertTrue(report.json());
        assertTrue(report.quiet());
        assertEquals(dir.resolve("m.prom"), report.metricsFile());
        assertEquals(Map.of("deployment", "prod", "site", "fra"), report.metricsLabels);
        report.validate();
        ReportOptions none = parse();
        assertFalse(none.json());
        assertFalse(none.quiet());
        none.validate();
    }

    @Test
    void noBarWithoutATerminalOrWithJsonAndNothingWritten() {
        for (String[] args : List.of(new String[0], new String[] {"--json"}, new String[] {"--quiet"},
                new String[] {"--no-progress"})) {
            ReportOptions report = parse(args);
            assertFalse(report.progressWanted(), String.join(" ", args));
            StringWriter text = new StringWriter();
            try (ProgressBar bar = report.progressBar("dump", () -> 10, () -> 20, ProgressUnit.BYTES,
                    new PrintWriter(text))) {
                assertFalse(bar.enabled());
                bar.complete();
            }
            assertEquals("", text.toString(), String.join(" ", args));
        }
    }

    @Test
    void validateRejectsAMissingDirectoryAndBadLabelNames() {
        assertThrows(CommandLine.ParameterException.class,
                () -> parse("--metrics-file", dir.resolve("missing/m.prom").toString()).validate());
        assertThrows(CommandLine.ParameterException.class,
                () -> parse("--metrics-file", dir.toString()).validate());
        assertThrows(CommandLine.ParameterException.class,
                () -> parse("--metrics-label", "bad-name=x").validate());
        assertThrows(CommandLine.ParameterException.class,
                () -> parse("--metrics-label", "command=x").validate());
    }

    @Test
    void recordMetricsMergesLabelsAndWritesNothingWithoutAFile() throws Exception {
        Path file = dir.resolve("m.prom");
        parse().recordMetrics("backup", Map.of("deployment", "a"), true, Duration.ofSeconds(2), 10, 5, List.of());
        assertFalse(Files.exists(file));

        parse("--metrics-file", file.toString(), "--metrics-label", "deployment=prod")
                .recordMetrics("backup", Map.of("deployment", "from-profile", "database", "netbox"), true,
                        Duration.ofSeconds(2), 10, 5, List.of(new MetricsFile.Gauge("sot_backup_extra", "x", 7)));
        Map<String, Double> values = values(file, Map.of("command", "backup", "deployment", "prod",
                "database", "netbox"));
        assertEquals(1.0, values.get(MetricsFile.SUCCESS));
        assertEquals(2.0, values.get(MetricsFile.DURATION));
        assertEquals(10.0, values.get(MetricsFile.BYTES_PROCESSED));
        assertEquals(5.0, values.get(MetricsFile.BYTES_ADDED));
        assertEquals(7.0, values.get("sot_backup_extra"));
    }

    @Test
    void runMetricsRecordAFailureUnlessSucceededAndReadCountersAtTheEnd() throws Exception {
        Path file = dir.resolve("m.prom");
        ReportOptions report = parse("--metrics-file", file.toString());
        long[] bytes = {0};
        try (ReportOptions.RunMetrics metrics = report.start("pg_dump", Map.of("database", "netbox"))
                .bytes(() -> bytes[0], () -> -1)) {
            bytes[0] = 4096;
            metrics.succeeded();
        }
        Map<String, Double> ok = values(file, Map.of("command", "pg_dump", "database", "netbox"));
        assertEquals(1.0, ok.get(MetricsFile.SUCCESS));
        assertEquals(4096.0, ok.get(MetricsFile.BYTES_PROCESSED));
        assertFalse(ok.containsKey(MetricsFile.BYTES_ADDED));
        double lastSuccess = ok.get(MetricsFile.LAST_SUCCESS);

        assertThrows(IllegalStateException.class, () -> {
            try (ReportOptions.RunMetrics ignored = report.start("pg_dump", Map.of("database", "netbox"))) {
                throw new IllegalStateException("connection refused");
            }
        });
        Map<String, Double> failed = values(file, Map.of("command", "pg_dump", "database", "netbox"));
        assertEquals(0.0, failed.get(MetricsFile.SUCCESS));
        assertEquals(lastSuccess, failed.get(MetricsFile.LAST_SUCCESS));
    }

    @Test
    void aMetricsFileThatCannotBeWrittenIsAWarning() throws Exception {
        Path gone = dir.resolve("gone");
        Files.createDirectory(gone);
        ReportOptions report = parse("--metrics-file", gone.resolve("m.prom").toString());
        report.validate();
        Files.delete(gone);
        report.recordMetrics("backup", Map.of(), true, Duration.ZERO, 1, 1, List.of());
        assertTrue(err.toString().startsWith("sot-backup: warning: could not write metrics file"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
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
}
