package dev.sotbackup.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The textfile collector's file: format, escaping, atomic replacement, and what survives from run to run. */
class MetricsFileTest {

    private static final Instant T1 = Instant.parse("2025-06-01T02:00:00.250Z");
    private static final Instant T2 = Instant.parse("2025-06-02T02:00:00Z");

    @TempDir
    Path dir;

    private static MetricsFile.Run run(String deployment, boolean success, Instant at, List<MetricsFile.Gauge> extra) {
        return new MetricsFile.Run("backup", Map.of("deployment", deployment), success, at,
                Duration.ofMillis(12_500), 1_073_741_824L, 52_428_800L, extra);
    }

    @Test
    void writesHelpTypeAndOneSamplePerMetric() throws IOException {
        Path file = dir.resolve("sot_backup.prom");
        MetricsFile.record(file, run("prod", true, T1, List.of()));
        String text = Files.readString(file);
        String labels = "{command=\"backup\",deployment=\"prod\"}";
        assertEquals("""
                # HELP sot_backup_last_run_timestamp_seconds Time the last run of the command ended, in seconds since the epoch.
                # TYPE sot_backup_last_run_timestamp_seconds gauge
                sot_backup_last_run_timestamp_seconds%1$s 1748743200.25
                # HELP sot_backup_last_success_timestamp_seconds Time the last successful run of the command ended, in seconds since the epoch (0: never).
                # TYPE sot_backup_last_success_timestamp_seconds gauge
                sot_backup_last_success_timestamp_seconds%1$s 1748743200.25
                # HELP sot_backup_last_run_success 1 if the last run of the command succeeded, 0 if it failed.
                # TYPE sot_backup_last_run_success gauge
                sot_backup_last_run_success%1$s 1
                # HELP sot_backup_duration_seconds Duration of the last run of the command, in seconds.
                # TYPE sot_backup_duration_seconds gauge
                sot_backup_duration_seconds%1$s 12.5
                # HELP sot_backup_bytes_processed Bytes the last run read from its source (uncompressed).
                # TYPE sot_backup_bytes_processed gauge
                sot_backup_bytes_processed%1$s 1073741824
                # HELP sot_backup_bytes_added Bytes the last run added to its destination (new, stored size).
                # TYPE sot_backup_bytes_added gauge
                sot_backup_bytes_added%1$s 52428800
                """.formatted(labels), text);
    }

    @Test
    void labelValuesAndHelpAreEscapedAndReadBack() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("command", "backup");
        labels.put("deployment", "a\"b\\c\nd");
        String text = MetricsFile.format(List.of(new MetricsFile.Family("sot_backup_x", "line one\nback\\slash",
                "gauge", List.of(new MetricsFile.Sample("sot_backup_x", labels, 3)))));
        assertEquals("""
                # HELP sot_backup_x line one\\nback\\\\slash
                # TYPE sot_backup_x gauge
                sot_backup_x{command="backup",deployment="a\\"b\\\\c\\nd"} 3
                """, text);
        MetricsFile.Family back = MetricsFile.parse(text).get(0);
        assertEquals("line one\nback\\slash", back.help());
        assertEquals(labels, back.samples().get(0).labels());
        assertEquals(3.0, back.samples().get(0).value());
    }

    @Test
    void replacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("sot_backup.prom");
        Files.writeString(file, "stale_metric 1\n");
        MetricsFile.record(file, run("prod", true, T1, List.of()));
        MetricsFile.record(file, run("prod", true, T2, List.of()));
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("sot_backup.prom", "sot_backup.prom.lock"), names);
        }
        String text = Files.readString(file);
        assertTrue(text.contains("stale_metric 1"), "samples of others are kept: " + text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("sot_backup_last_run_timestamp_seconds{")).count(),
                text);
        assertTrue(text.contains("sot_backup_last_run_timestamp_seconds{command=\"backup\",deployment=\"prod\"} "
                + T2.getEpochSecond() + "\n"), text);
    }

    @Test
    void failedRunKeepsThePreviousSuccessTime() throws IOException {
        Path file = dir.resolve("sot_backup.prom");
        MetricsFile.record(file, run("prod", true, T1, List.of()));
        MetricsFile.record(file, run("prod", false, T2, List.of()));
        Map<String, Double> values = values(file, Map.of("command", "backup", "deployment", "prod"));
        assertEquals(1748743200.25, values.get(MetricsFile.LAST_SUCCESS));
        assertEquals((double) T2.getEpochSecond(), values.get(MetricsFile.LAST_RUN));
        assertEquals(0.0, values.get(MetricsFile.SUCCESS));

        MetricsFile.record(file, run("prod", false, T2.plusSeconds(60), List.of()));
        assertEquals(1748743200.25, values(file, Map.of("command", "backup", "deployment", "prod"))
                .get(MetricsFile.LAST_SUCCESS), "still after a second failure");

        MetricsFile.record(file, run("prod", true, T2.plusSeconds(120), List.of()));
        assertEquals((double) T2.getEpochSecond() + 120, values(file, Map.of("command", "backup",
                "deployment", "prod")).get(MetricsFile.LAST_SUCCESS));
    }

    @Test
    void failureWithoutAnyPreviousSuccessSaysNever() throws IOException {
        Path file = dir.resolve("first.prom");
        MetricsFile.record(file, run("prod", false, T1, List.of()));
        assertEquals(0.0, values(file, Map.of("command", "backup", "deployment", "prod")).get(MetricsFile.LAST_SUCCESS));
    }

    @Test
    void otherLabelSetsAreKeptAndOnlyThisOneIsReplaced() throws IOException {
        Path file = dir.resolve("sot_backup.prom");
        MetricsFile.record(file, run("prod", true, T1, List.of()));
        MetricsFile.record(file, run("staging", true, T1, List.of()));
        MetricsFile.record(file, new MetricsFile.Run("verify", Map.of("deployment", "prod"), true, T2,
                Duration.ofSeconds(300), -1, -1, List.of(
                new MetricsFile.Gauge("sot_backup_verify_rto_seconds", "Time to restore.", 281.5),
                new MetricsFile.Gauge("sot_backup_verify_tables_mismatched", "Tables that differ.", 0))));
        MetricsFile.record(file, run("staging", false, T2, List.of()));

        String text = Files.readString(file);
        List<MetricsFile.Family> families = MetricsFile.parse(text);
        for (MetricsFile.Family family : families) {
            assertEquals(1, text.lines().filter(l -> l.startsWith("# TYPE " + family.name() + " ")).count(),
                    "one TYPE line per family: " + text);
        }
        assertEquals(1.0, values(file, Map.of("command", "backup", "deployment", "prod")).get(MetricsFile.SUCCESS));
        assertEquals(0.0, values(file, Map.of("command", "backup", "deployment", "staging")).get(MetricsFile.SUCCESS));
        Map<String, Double> verify = values(file, Map.of("command", "verify", "deployment", "prod"));
        assertEquals(281.5, verify.get("sot_backup_verify_rto_seconds"));
        assertEquals(0.0, verify.get("sot_backup_verify_tables_mismatched"));
        assertFalse(verify.containsKey(MetricsFile.BYTES_PROCESSED), "negative bytes are left out");

        // A later verify without the RTO gauge drops its stale value.
        MetricsFile.record(file, new MetricsFile.Run("verify", Map.of("deployment", "prod"), false, T2,
                Duration.ofSeconds(3), -1, -1, List.of()));
        assertFalse(values(file, Map.of("command", "verify", "deployment", "prod"))
                .containsKey("sot_backup_verify_rto_seconds"));
        assertFalse(Files.readString(file).contains("sot_backup_verify_rto_seconds"), "empty families are left out");
    }

    @Test
    void parserReadsCommentsTimestampsSpecialValuesAndUnlabelledSamples() {
        List<MetricsFile.Family> families = MetricsFile.parse("""
                # a free comment
                # HELP node_x Some help.
                # TYPE node_x counter
                node_x 12 1718000000000
                node_x{a="1", b="two words"} +Inf

                other_metric{le="0.5"} NaN
                req_seconds_sum 3.5
                # TYPE req_seconds summary
                """);
        assertEquals(List.of("node_x", "other_metric", "req_seconds_sum", "req_seconds"),
                families.stream().map(MetricsFile.Family::name).toList());
        MetricsFile.Family node = families.get(0);
        assertEquals("Some help.", node.help());
        assertEquals("counter", node.type());
        assertEquals(12.0, node.samples().get(0).value(), "the timestamp is not the value");
        assertEquals(Map.of("a", "1", "b", "two words"), node.samples().get(1).labels());
        assertEquals(Double.POSITIVE_INFINITY, node.samples().get(1).value());
        assertTrue(Double.isNaN(families.get(1).samples().get(0).value()));
        assertThrows(IllegalArgumentException.class, () -> MetricsFile.parse("x{a=\"1} 2\n"));
        assertThrows(IllegalArgumentException.class, () -> MetricsFile.parse("9bad 1\n"));
    }

    @Test
    void anUnreadablePreviousFileIsReplaced() throws IOException {
        Path file = dir.resolve("broken.prom");
        Files.writeString(file, "this is {not the format\n");
        MetricsFile.record(file, run("prod", true, T1, List.of()));
        assertEquals(1.0, values(file, Map.of("command", "backup", "deployment", "prod")).get(MetricsFile.SUCCESS));
        assertFalse(Files.readString(file).contains("not the format"));
    }

    @Test
    void valuesAndNames() {
        assertEquals("1718000000.123", MetricsFile.formatValue(1718000000.123));
        assertEquals("42", MetricsFile.formatValue(42));
        assertEquals("0.5", MetricsFile.formatValue(0.5));
        assertEquals("+Inf", MetricsFile.formatValue(Double.POSITIVE_INFINITY));
        assertEquals("NaN", MetricsFile.formatValue(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new MetricsFile.Run("backup",
                Map.of("bad-name", "x"), true, T1, Duration.ZERO, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MetricsFile.Run("backup",
                Map.of("command", "x"), true, T1, Duration.ZERO, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MetricsFile.Gauge("has space", "h", 1));
    }

    /** Every sample of the file with exactly these labels, by metric name. */
    private static Map<String, Double> values(Path file, Map<String, String> labels) throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
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
