package dev.sotbackup.cli;

import dev.sotbackup.cli.progress.ProgressBar;
import dev.sotbackup.cli.progress.ProgressUnit;
import dev.sotbackup.cli.progress.Terminal;
import dev.sotbackup.metrics.MetricsFile;
import dev.sotbackup.postgres.connect.ConnectionSlots;
import dev.sotbackup.report.Reporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How a command reports besides its own output, shared by every long-running command: {@code --json} for
 * scripts, {@code -v} for progress line by line, a progress bar on a terminal (never in a pipe, a log, CI or with
 * {@code --json}/{@code --quiet}/{@code --no-progress}), and {@code --metrics-file} for node_exporter's textfile
 * collector.
 *
 * <pre>{@code
 * @Mixin ReportOptions report;
 * ...
 * report.validate();
 * ConsoleReporter reporter = report.reporter(Level.NOTE, Level.WARNING); // every level with -v
 * try (ReportOptions.RunMetrics metrics = report.start("backup", Map.of("deployment", name));
 *      ProgressBar bar = report.progressBar("postgres", reporter)) {
 *     metrics.bytes(session::bytesProcessed, session::bytesAdded);
 *     ... the work, given the reporter: its lines go above the bar, which shows its newest counter ...
 *     bar.complete();
 *     metrics.succeeded();
 * }
 * if (report.json()) { JsonOutput.print(out, result); }
 * }</pre>
 */
public final class ReportOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--json", description = "Print the result as one JSON object on standard output (no progress bar).")
    boolean json;

    @Option(names = "--metrics-file", paramLabel = "PATH",
            description = "Write this run's Prometheus metrics (duration, bytes, last success time) to PATH, "
                    + "replaced atomically, for node_exporter's textfile collector (a *.prom file).")
    Path metricsFile;

    @Option(names = "--metrics-label", paramLabel = "NAME=VALUE",
            description = "An extra label on the metrics, e.g. deployment=netbox-prod (repeatable).")
    Map<String, String> metricsLabels = new LinkedHashMap<>();

    @Option(names = "--no-progress", description = "Never draw a progress bar (it is only drawn on a terminal).")
    boolean noProgress;

    @Option(names = "--quiet", description = "No progress bar and no summary: only warnings and errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Report progress on standard error.")
    boolean verbose;

    public boolean json() {
        return json;
    }

    /** {@code -v}: progress and every note on standard error, line by line. */
    public boolean verbose() {
        return verbose;
    }

    public boolean quiet() {
        return quiet;
    }

    public Path metricsFile() {
        return metricsFile;
    }

    /**
     * Checks the options before any work starts: the metrics file's directory must exist (a typo would otherwise
     * only show after a long backup) and the label names must be valid.
     */
    public void validate() {
        if (metricsFile != null) {
            Path parent = metricsFile.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new ParameterException(mixee.commandLine(), "--metrics-file: directory \"" + parent
                        + "\" does not exist");
            }
            if (Files.isDirectory(metricsFile)) {
                throw new ParameterException(mixee.commandLine(), "--metrics-file: \"" + metricsFile
                        + "\" is a directory");
            }
        }
        for (String name : metricsLabels.keySet()) {
            if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*") || name.startsWith("__") || name.equals("command")) {
                throw new ParameterException(mixee.commandLine(), "--metrics-label: invalid label name \"" + name
                        + "\"");
            }
        }
    }

    /**
     * The {@code -j} a command goes on with: {@code limit}'s, after a note on standard error when the server's free
     * connection slots lowered it (none with --quiet).
     */
    public int jobsWithin(ConnectionSlots.Jobs limit) {
        if (limit.lowered() && !quiet) {
            plain().note(limit.note());
        }
        return limit.jobs();
    }

    /** Whether a progress bar would be drawn: a terminal on standard error, and no --json/--quiet/--no-progress/CI. */
    public boolean progressWanted() {
        return !json && !quiet && !noProgress && Terminal.stderrIsInteractive(environment().variables());
    }

    /**
     * A progress bar on the command's standard error, or a disabled one (which draws nothing and prints
     * {@link ProgressBar#message} lines plainly) when {@link #progressWanted()} is false.
     *
     * @param total polled like {@code done}; {@code <= 0} while unknown
     */
    public ProgressBar progressBar(String label, LongSupplier done, LongSupplier total, ProgressUnit unit) {
        return progressBar(label, done, total, unit, err());
    }

    /** {@link #progressBar(String, LongSupplier, LongSupplier, ProgressUnit)} on another writer. */
    public ProgressBar progressBar(String label, LongSupplier done, LongSupplier total, ProgressUnit unit,
                                   PrintWriter err) {
        if (!progressWanted()) {
            return ProgressBar.disabled(err);
        }
        return ProgressBar.start(label, done, total, unit, err, Terminal.width(environment().variables()));
    }

    /** A bar's label for one database: "dump netbox", the name cut to 24 characters (null: "database"). */
    static String barLabel(String verb, String databaseName) {
        String name = databaseName == null ? "database" : databaseName;
        return verb + " " + (name.length() > 24 ? name.substring(0, 23) + "~" : name);
    }

    /**
     * The progress bar of {@link #progressBar(String, LongSupplier, LongSupplier, ProgressUnit)}, in bytes, showing
     * {@code reporter}'s newest counter; {@code reporter}'s lines go above it until it is closed.
     */
    public ProgressBar progressBar(String label, ConsoleReporter reporter) {
        return reporter.drawingOn(progressBar(label, reporter::done, reporter::total, ProgressUnit.BYTES));
    }

    /**
     * A reporter on the command's standard error that shows {@code levels}, and every level with {@code -v}; see
     * {@link ConsoleReporter}.
     */
    public ConsoleReporter reporter(Reporter.Level... levels) {
        return reporter(false, levels);
    }

    /** As {@link #reporter(Reporter.Level...)}, showing every level also when {@code everything}. */
    public ConsoleReporter reporter(boolean everything, Reporter.Level... levels) {
        return new ConsoleReporter(err(), ConsoleReporter.levels(verbose || everything, levels));
    }

    /** Every line, plainly: for what this class itself has to say. */
    private ConsoleReporter plain() {
        return new ConsoleReporter(err(), EnumSet.allOf(Reporter.Level.class));
    }

    /**
     * Starts timing a run whose metrics are written when it is closed — as a failure unless
     * {@link RunMetrics#succeeded()} was called. Without {@code --metrics-file} closing does nothing.
     *
     * @param command the {@code command} label: {@code backup}, {@code pg_dump}…
     * @param labels  further labels ({@code deployment}, {@code database}); {@code --metrics-label} adds or overrides
     */
    public RunMetrics start(String command, Map<String, String> labels) {
        return new RunMetrics(command, labels);
    }

    /**
     * Writes one run's metrics to {@code --metrics-file} (nothing without it). A file that cannot be written is a
     * warning on standard error, not a failure of the run.
     *
     * @param bytesProcessed negative: not written
     * @param bytesAdded     negative: not written
     * @param extra          further gauges, e.g. {@code new MetricsFile.Gauge("sot_backup_verify_rto_seconds",
     *                       "…", 12.5)}
     */
    public void recordMetrics(String command, Map<String, String> labels, boolean success, Duration duration,
                              long bytesProcessed, long bytesAdded, List<MetricsFile.Gauge> extra) {
        if (metricsFile == null) {
            return;
        }
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.putAll(metricsLabels);
        try {
            MetricsFile.record(metricsFile, new MetricsFile.Run(command, all, success, Instant.now(), duration,
                    bytesProcessed, bytesAdded, extra), plain());
        } catch (IOException | RuntimeException e) {
            plain().warning("could not write metrics file \"" + metricsFile + "\": " + Errors.oneLine(e));
        }
    }

    private PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    private Environment environment() {
        Object root = mixee.root().userObject();
        return root instanceof SotBackup sotBackup ? sotBackup.environment() : Environment.system();
    }

    /** One run being timed for {@code --metrics-file}; see {@link #start}. */
    public final class RunMetrics implements AutoCloseable {
        private final String command;
        private final Map<String, String> labels;
        private final long started = System.nanoTime();
        private final List<MetricsFile.Gauge> extra = new ArrayList<>();
        private LongSupplier processed = () -> -1;
        private LongSupplier added = () -> -1;
        private boolean success;
        private boolean closed;

        private RunMetrics(String command, Map<String, String> labels) {
            this.command = command;
            this.labels = new LinkedHashMap<>(labels);
        }

        /** Where the byte counts come from; read when the run ends, so live counters are fine. */
        public RunMetrics bytes(LongSupplier processed, LongSupplier added) {
            this.processed = processed;
            this.added = added;
            return this;
        }

        /** A label known only once the work has started (e.g. the snapshot's host). */
        public RunMetrics label(String name, String value) {
            labels.put(name, value);
            return this;
        }

        /** One more gauge for this run. */
        public RunMetrics gauge(String name, String help, double value) {
            extra.add(new MetricsFile.Gauge(name, help, value));
            return this;
        }

        public void succeeded() {
            success = true;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            recordMetrics(command, labels, success, Duration.ofNanos(System.nanoTime() - started),
                    processed.getAsLong(), added.getAsLong(), extra);
        }
    }
}
