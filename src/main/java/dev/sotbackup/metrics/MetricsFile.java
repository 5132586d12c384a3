package dev.sotbackup.metrics;

import dev.sotbackup.input.UserFiles;
import dev.sotbackup.output.OutputFile;
import dev.sotbackup.report.Reporter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Prometheus text-format file for node_exporter's textfile collector: one run's outcome — when it ran, whether
 * it succeeded, when it last succeeded, how long it took, how many bytes — as gauges labelled with the command
 * and the caller's labels (deployment, database…).
 *
 * <p>The file is replaced atomically ({@link OutputFile}: a temporary sibling, fsync, rename), so the
 * collector never reads half a file, and under an exclusive lock on {@code PATH.lock}, so that two commands
 * writing the same file do not lose each other's runs. Samples with other label sets (another command, another
 * deployment) are kept; the samples of this label set are replaced — except that a failed run keeps the previous
 * {@code sot_backup_last_success_timestamp_seconds} (0 when there never was a success), which is what an alert
 * on "no successful backup for a day" needs.
 */
public final class MetricsFile {

    public static final String LAST_RUN = "sot_backup_last_run_timestamp_seconds";
    public static final String LAST_SUCCESS = "sot_backup_last_success_timestamp_seconds";
    public static final String SUCCESS = "sot_backup_last_run_success";
    public static final String DURATION = "sot_backup_duration_seconds";
    public static final String BYTES_PROCESSED = "sot_backup_bytes_processed";
    public static final String BYTES_ADDED = "sot_backup_bytes_added";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** One extra gauge of a run, e.g. verify's {@code sot_backup_verify_rto_seconds}. */
    public record Gauge(String name, String help, double value) {
        public Gauge {
            checkMetricName(name);
            Objects.requireNonNull(help, "help");
        }
    }

    /**
     * What one run did.
     *
     * @param command        the command ({@code backup}, {@code pg_dump}…), written as the {@code command} label
     * @param labels         further labels ({@code deployment}, {@code database}…), in this order after command
     * @param bytesProcessed bytes read or written by the run; negative: not written
     * @param bytesAdded     bytes the run added to its destination; negative: not written
     * @param extra          further gauges with the same labels
     */
    public record Run(String command, Map<String, String> labels, boolean success, Instant finishedAt,
                      Duration duration, long bytesProcessed, long bytesAdded, List<Gauge> extra) {
        public Run {
            Objects.requireNonNull(command, "command");
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            labels.keySet().forEach(MetricsFile::checkLabelName);
            if (labels.containsKey("command")) {
                throw new IllegalArgumentException("the command label is set from the command");
            }
            Objects.requireNonNull(finishedAt, "finishedAt");
            Objects.requireNonNull(duration, "duration");
            extra = List.copyOf(extra);
        }

        /** The full label set of this run's samples: command first, then the caller's labels. */
        public Map<String, String> allLabels() {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("command", command);
            all.putAll(labels);
            return all;
        }
    }

    /** One sample line: a metric name, its labels (in file order) and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /** A metric family: its HELP and TYPE lines and its samples, written together as the format requires. */
    public record Family(String name, String help, String type, List<Sample> samples) {
    }

    private MetricsFile() {
    }

    /** Records {@code run} in the file at {@code path}, creating or atomically replacing it. */
    public static void record(Path path, Run run) throws IOException {
        record(path, run, Reporter.silent());
    }

    /**
     * As {@link #record(Path, Run)}; {@code reporter} is told a note per leftover of an interrupted run removed
     * beside the file.
     * A device or a pipe (/dev/null, a FIFO a collector reads) gets this run's samples written as they are: there
     * is nothing to merge with and nothing to lock beside it.
     */
    public static void record(Path path, Run run, Reporter reporter) throws IOException {
        try (OutputFile out = OutputFile.open(path, OutputFile.NewFile.UMASK, reporter::note)) {
            if (!out.seekable()) {
                write(out, format(merge(List.of(), run)));
                return;
            }
            Path target = out.target();
            Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockChannel.lock()) {
                List<Family> previous = List.of();
                try {
                    // Bounded: a previous file is a few label sets, never gigabytes worth keeping.
                    if (Files.exists(target)) {
                        previous = parse(UserFiles.readString(target, UserFiles.CONFIG, "--metrics-file"));
                    }
                } catch (IOException | RuntimeException e) {
                    // An unreadable or oversized previous file is replaced; only its last success time is lost.
                }
                write(out, format(merge(previous, run)));
            }
        }
    }

    private static void write(OutputFile out, String text) throws IOException {
        out.stream().write(text.getBytes(StandardCharsets.UTF_8));
        out.commit();
    }

    /** The families after {@code run}: its samples replace those with the same labels; others stay. */
    static List<Family> merge(List<Family> previous, Run run) {
        Map<String, String> labels = run.allLabels();
        double lastSuccess = run.success() ? seconds(run.finishedAt()) : previous.stream()
                .filter(f -> f.name().equals(LAST_SUCCESS))
                .flatMap(f -> f.samples().stream())
                .filter(s -> s.labels().equals(labels))
                .mapToDouble(Sample::value)
                .findFirst().orElse(0);

        Map<String, Family> families = new LinkedHashMap<>();
        List<Family> ours = new ArrayList<>();
        ours.add(family(LAST_RUN, "Time the last run of the command ended, in seconds since the epoch.",
                labels, seconds(run.finishedAt())));
        ours.add(family(LAST_SUCCESS, "Time the last successful run of the command ended, in seconds since the epoch"
                + " (0: never).", labels, lastSuccess));
        ours.add(family(SUCCESS, "1 if the last run of the command succeeded, 0 if it failed.", labels,
                run.success() ? 1 : 0));
        ours.add(family(DURATION, "Duration of the last run of the command, in seconds.", labels,
                run.duration().toNanos() / 1e9));
        if (run.bytesProcessed() >= 0) {
            ours.add(family(BYTES_PROCESSED, "Bytes the last run read from its source (uncompressed).", labels,
                    run.bytesProcessed()));
        }
        if (run.bytesAdded() >= 0) {
            ours.add(family(BYTES_ADDED, "Bytes the last run added to its destination (new, stored size).", labels,
                    run.bytesAdded()));
        }
        for (Gauge gauge : run.extra()) {
            ours.add(family(gauge.name(), gauge.help(), labels, gauge.value()));
        }
        for (Family family : ours) {
            families.put(family.name(), new Family(family.name(), family.help(), family.type(), new ArrayList<>()));
        }
        for (Family family : previous) {
            List<Sample> kept = family.samples().stream().filter(s -> !s.labels().equals(labels)).toList();
            if (kept.isEmpty()) {
                continue;
            }
            Family merged = families.computeIfAbsent(family.name(),
                    name -> new Family(name, family.help(), family.type(), new ArrayList<>()));
            merged.samples().addAll(kept);
        }
        for (Family family : ours) {
            families.get(family.name()).samples().addAll(family.samples());
        }
        List<Family> result = new ArrayList<>();
        for (Family family : families.values()) {
            List<Sample> samples = new ArrayList<>(family.samples());
            samples.sort((a, b) -> labelText(a.labels()).compareTo(labelText(b.labels())));
            result.add(new Family(family.name(), family.help(), family.type(), samples));
        }
        return result;
    }

    private static Family family(String name, String help, Map<String, String> labels, double value) {
        return new Family(name, help, "gauge", List.of(new Sample(name, labels, value)));
    }

    /** The exposition text: per family {@code # HELP}, {@code # TYPE}, then its samples. */
    public static String format(List<Family> families) {
        StringBuilder text = new StringBuilder();
        for (Family family : families) {
            if (family.samples().isEmpty()) {
                continue;
            }
            if (family.help() != null) {
                text.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            }
            if (family.type() != null) {
                text.append("# TYPE ").append(family.name()).append(' ').append(family.type()).append('\n');
            }
            for (Sample sample : family.samples()) {
                text.append(sample.name()).append(labelText(sample.labels())).append(' ')
                        .append(formatValue(sample.value())).append('\n');
            }
        }
        return text.toString();
    }

    /** {@code {a="x",b="y"}}, or nothing without labels. */
    static String labelText(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("{");
        labels.forEach((name, value) -> {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(name).append("=\"").append(escapeLabelValue(value)).append('"');
        });
        return text.append('}').toString();
    }

    /** Label values escape backslash, double quote and newline. */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** HELP text escapes backslash and newline. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    /**
     * Reads exposition text back: HELP and TYPE lines, samples with escaped label values and an optional
     * timestamp (dropped); other comments and blank lines are skipped.
     *
     * @throws IllegalArgumentException on a line that is not in the format
     */
    public static List<Family> parse(String text) {
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] words = line.split("[ \t]+", 4);
                if (words.length >= 3 && words[0].equals("#") && words[1].equals("HELP")) {
                    helps.put(words[2], words.length == 4 ? unescapeHelp(words[3]) : "");
                    samples.computeIfAbsent(words[2], n -> new ArrayList<>());
                } else if (words.length >= 4 && words[0].equals("#") && words[1].equals("TYPE")) {
                    types.put(words[2], words[3].strip());
                    samples.computeIfAbsent(words[2], n -> new ArrayList<>());
                }
                continue;
            }
            Sample sample = parseSample(line);
            samples.computeIfAbsent(familyOf(sample.name(), types), n -> new ArrayList<>()).add(sample);
        }
        List<Family> families = new ArrayList<>();
        samples.forEach((name, list) -> families.add(new Family(name, helps.get(name), types.get(name),
                List.copyOf(list))));
        return families;
    }

    /** Summaries and histograms name their samples {@code name_sum} etc.; anything else is its own family. */
    private static String familyOf(String sampleName, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return sampleName;
    }

    private static Sample parseSample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
            i++;
        }
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric line: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                    i++;
                }
                if (i >= line.length()) {
                    throw new IllegalArgumentException("unterminated labels: " + line);
                }
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("bad label in: " + line);
                }
                String labelName = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = unescape(line, eq + 2, '"', value);
                if (j >= line.length()) {
                    throw new IllegalArgumentException("unterminated label value in: " + line);
                }
                labels.put(labelName, value.toString());
                i = j + 1;
            }
        }
        String[] rest = line.substring(i).strip().split("[ \t]+");
        if (rest.length < 1 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("no value in: " + line);
        }
        return new Sample(name, labels, parseValue(rest[0]));
    }

    static double parseValue(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** For {@link #unescape}: help text runs to the end of the line. */
    private static final int NO_STOP = -1;

    private static String unescapeHelp(String text) {
        StringBuilder out = new StringBuilder();
        unescape(text, 0, NO_STOP, out);
        return out.toString();
    }

    /**
     * Appends {@code text} from {@code from} to {@code out} with the format's escapes undone ({@code \n} is a
     * newline, a backslash before any other character stands for that character), up to the first unescaped
     * {@code stop}; returns the index of that stop, or the text's length when there is none.
     */
    private static int unescape(String text, int from, int stop, StringBuilder out) {
        int i = from;
        for (; i < text.length() && text.charAt(i) != stop; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(++i);
                out.append(e == 'n' ? '\n' : e);
            } else {
                out.append(c);
            }
        }
        return i;
    }

    private static double seconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1_000_000 / 1e3;
    }

    static void checkMetricName(String name) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name: " + name);
        }
    }

    static void checkLabelName(String name) {
        if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
            throw new IllegalArgumentException("invalid label name: " + name);
        }
    }
}
