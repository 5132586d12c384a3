package dev.sotbackup.cli.progress;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One line on standard error that shows a long step's progress — label, bar, percent, done / total, rate, ETA
 * — redrawn in place with {@code '\r'} every {@value #REDRAW_MILLIS} ms by a daemon thread that polls the
 * step's counters. When the total is unknown it shows what is done, the rate and the time so far.
 *
 * <p>A disabled bar (not a terminal, {@code --json}, {@code --quiet}, {@code --no-progress}, {@code CI}) writes
 * nothing at all; {@link #message} then prints plain lines. Use it with try-with-resources and call
 * {@link #complete()} on success before the block ends:
 *
 * <pre>{@code
 * try (ProgressBar bar = report.progressBar("dump", counters::bytesDumped, counters::estimatedBytes,
 *         ProgressUnit.BYTES)) {
 *     ... the work ...
 *     bar.complete();
 * }
 * }</pre>
 *
 * Percentages stop at 99 % until {@link #complete()}: totals are often estimates (a table's size on disk for
 * its COPY text), and the step may have more to do after its bytes (indexes after the data).
 */
public final class ProgressBar implements AutoCloseable {

    static final long REDRAW_MILLIS = 200;
    /** The bar itself is at most this wide and is left out below {@link #BAR_MIN}. */
    static final int BAR_MAX = 30;
    static final int BAR_MIN = 10;
    /** The widest time field the bar leaves room for. */
    private static final int TIME_WIDTH = "ETA 1:00:00".length();
    /** ANSI "erase in line" (EL 0): every terminal we draw on understands it ({@code TERM=dumb} gets no bar). */
    static final String ERASE_TO_END = "\u001b[K";

    private final String label;
    private final LongSupplier done;
    private final LongSupplier total;
    private final ProgressUnit unit;
    private final PrintWriter err;
    private final int width;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    /** When there was first something to show (a total or some progress); rates and times count from here. */
    private long started = -1;
    private final long created;
    private final Object lock = new Object();
    private final Thread redrawer;
    /** Characters of the line now on screen; 0 when none is. */
    private int drawn;
    private volatile boolean completed;
    private boolean closed;

    ProgressBar(String label, LongSupplier done, LongSupplier total, ProgressUnit unit, PrintWriter err, int width,
                boolean enabled, LongSupplier nanoClock, boolean startRedrawing) {
        this.label = label;
        this.done = done;
        this.total = total;
        this.unit = unit;
        this.err = err;
        this.width = width;
        this.enabled = enabled;
        this.nanoClock = nanoClock;
        this.created = nanoClock.getAsLong();
        if (enabled && startRedrawing) {
            redrawer = Thread.ofPlatform().daemon().name("sot-backup-progress").unstarted(this::redrawLoop);
            redrawer.start();
        } else {
            redrawer = null;
        }
    }

    /**
     * A bar drawn on {@code err} (which must be a terminal: callers decide with {@link Terminal}).
     *
     * @param total the total, or a value {@code <= 0} while (or when) it is unknown; polled like {@code done}
     * @param width the terminal's width in columns
     */
    public static ProgressBar start(String label, LongSupplier done, LongSupplier total, ProgressUnit unit,
                                    PrintWriter err, int width) {
        return new ProgressBar(label, done, total, unit, err, width, true, System::nanoTime, true);
    }

    /** A bar that draws nothing; {@link #message} prints plain lines on {@code err}. */
    public static ProgressBar disabled(PrintWriter err) {
        return new ProgressBar("", () -> 0, () -> 0, ProgressUnit.BYTES, err, 80, false, System::nanoTime, false);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Prints one line of text (a warning, a -v line) above the bar: the bar is cleared, the line printed and the
     * bar drawn again below it. Without a bar it is just {@code err.println(line)}.
     */
    public void message(String line) {
        synchronized (lock) {
            if (!enabled || closed) {
                err.println(line);
                err.flush();
                return;
            }
            clear();
            err.print(line);
            err.print('\n');
            draw(false);
        }
    }

    /** The step succeeded: the final line shows 100 %. */
    public void complete() {
        completed = true;
    }

    /** Stops redrawing and leaves the final line (and a newline) on the terminal. Idempotent. */
    @Override
    public void close() {
        if (redrawer != null) {
            redrawer.interrupt();
            try {
                redrawer.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (enabled) {
                draw(true);
                if (drawn > 0) {
                    err.print('\n');
                    err.flush();
                }
            }
            closed = true;
        }
    }

    /** Draws the current state once (the redraw thread's step; tests call it directly). */
    void redraw() {
        synchronized (lock) {
            if (enabled && !closed) {
                draw(false);
            }
        }
    }

    private void redrawLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(REDRAW_MILLIS);
                redraw();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /**
     * Draws the line — once there is something to show: before the step's counters move (a catalog being read)
     * nothing is drawn, and a step that fails before that leaves no line behind.
     */
    private void draw(boolean last) {
        long doneNow = done.getAsLong();
        long totalNow = total.getAsLong();
        long now = nanoClock.getAsLong();
        if (started < 0) {
            if (doneNow <= 0 && totalNow <= 0 && !(last && completed)) {
                return;
            }
            started = last ? created : now; // a step done before the first redraw: its whole time
        }
        String line = render(label, doneNow, totalNow, unit, now - started, width, last && completed);
        // Carriage return, the line, then "erase to the end of the line" for what a longer previous line left.
        err.print("\r" + line + ERASE_TO_END);
        drawn = line.length();
        err.flush();
    }

    private void clear() {
        if (drawn > 0) {
            err.print("\r" + ERASE_TO_END);
            drawn = 0;
        }
    }

    /**
     * The line for the given counters, at most {@code width - 1} characters (a line that fills the last column
     * makes some terminals wrap). Narrow terminals lose the bar first, then the rate, the amounts and the time.
     *
     * @param total        {@code <= 0} when unknown: then no bar, no percent and no ETA
     * @param elapsedNanos time since the step started, for the rate and the ETA
     * @param complete     the step has finished successfully: 100 %, and the time it took instead of the ETA
     */
    public static String render(String label, long done, long total, ProgressUnit unit, long elapsedNanos, int width,
                                boolean complete) {
        int budget = Math.max(1, width - 1);
        long shown = Math.max(0, done);
        double seconds = Math.max(0, elapsedNanos) / 1e9;
        double rate = seconds > 0 ? shown / seconds : 0;
        boolean known = total > 0;
        int percent = !known ? 0 : complete ? 100 : (int) Math.min(99, Math.floor(shown * 100.0 / total));

        // While the bar moves, numbers are right-aligned to their widest form so that the bar keeps its width.
        boolean aligned = known && !complete;
        String percentText = String.format(Locale.ROOT, "%3d%%", percent);
        String amounts = aligned ? unit.alignedAmounts(shown, total) : unit.amount(shown);
        String rateText = aligned ? unit.alignedRate(rate) : unit.rate(rate);
        String time;
        if (complete) {
            time = "in " + clock(seconds, false);
        } else if (!known) {
            time = clock(seconds, false);
        } else if (rate <= 0 || shown >= total) {
            time = "ETA --:--";
        } else {
            time = "ETA " + clock((total - shown) / rate, true);
        }

        List<String> fields = new ArrayList<>();
        if (known) {
            fields.add(percentText);
        }
        fields.add(amounts);
        fields.add(rateText);
        fields.add(time);
        if (known) {
            // The bar's width comes from the widest line this total can give (aligned amounts and rate, the
            // widest ETA), not from this one: it keeps its width while the numbers change, and on the final line.
            String widest = compose(label, -1, percent, List.of(percentText, unit.alignedAmounts(total, total),
                    unit.alignedRate(0), " ".repeat(TIME_WIDTH)));
            int room = budget - widest.length();
            if (room >= BAR_MIN) {
                return compose(label, Math.min(BAR_MAX, room), percent, fields);
            }
        }
        List<String> dropOrder = List.of(rateText, amounts, time);
        int next = 0;
        while (true) {
            String line = compose(label, 0, percent, fields);
            if (line.length() <= budget) {
                return line;
            }
            if (next >= dropOrder.size()) {
                // Still too long: shorten the label, so that the percent stays visible.
                int excess = line.length() - budget;
                return excess < label.length() ? compose(label.substring(0, label.length() - excess), 0, percent,
                        fields) : line.substring(line.length() - budget);
            }
            fields.remove(dropOrder.get(next++));
        }
    }

    /** {@code barWidth} > 0: a bar that wide; -1: a bar of no width (to measure); 0: no bar. */
    private static String compose(String label, int barWidth, int percent, List<String> fields) {
        StringBuilder line = new StringBuilder(label);
        if (barWidth != 0) {
            int inner = Math.max(0, barWidth);
            int filled = inner * percent / 100;
            line.append(" [").append("#".repeat(filled)).append(".".repeat(inner - filled)).append("] ");
        } else {
            line.append("  ");
        }
        for (int i = 0; i < fields.size(); i++) {
            line.append(i == 0 ? "" : "  ").append(fields.get(i));
        }
        return line.toString();
    }

    /** {@code m:ss} or {@code h:mm:ss}; an ETA is rounded up, elapsed time down. */
    static String clock(double seconds, boolean roundUp) {
        long s = (long) (roundUp ? Math.ceil(seconds) : Math.floor(seconds));
        if (s >= 100 * 3600) {
            return ">99h";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
