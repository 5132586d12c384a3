package dev.sotbackup.cli;

import dev.sotbackup.cli.progress.ProgressBar;
import dev.sotbackup.report.Reporter;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The command line's {@link Reporter}: the lines of the levels a command shows go to standard error as
 * {@code sot-backup: } + the level's prefix + the line — above the progress bar while one is drawn
 * ({@link ReportOptions#progressBar(String, ConsoleReporter)}), plainly otherwise; the bar shows the newest
 * counter an engine asked for.
 */
public final class ConsoleReporter implements Reporter {

    private final PrintWriter err;
    private final Set<Level> shown;
    private final AtomicReference<Counter> newest = new AtomicReference<>();
    /** Where lines go while a bar is drawn; null before (or without) one. */
    private volatile ProgressBar bar;

    /** @param shown the levels printed; the others are dropped */
    public ConsoleReporter(PrintWriter err, Set<Level> shown) {
        this.err = err;
        this.shown = Set.copyOf(shown);
    }

    /** Every level with {@code everything} (-v), else just {@code levels}. */
    public static Set<Level> levels(boolean everything, Level... levels) {
        if (everything) {
            return EnumSet.allOf(Level.class);
        }
        Set<Level> chosen = EnumSet.noneOf(Level.class);
        Collections.addAll(chosen, levels);
        return chosen;
    }

    @Override
    public void report(Level level, String line) {
        if (!shown.contains(level)) {
            return;
        }
        String text = "sot-backup: " + level.prefix() + line;
        ProgressBar drawn = bar;
        if (drawn != null) {
            drawn.message(text);
        } else {
            err.println(text);
            err.flush();
        }
    }

    @Override
    public Counter counter(String name) {
        Counter counter = new Counter(name);
        newest.set(counter);
        return counter;
    }

    /** The newest counter's count; 0 before an engine asked for one. */
    public long done() {
        Counter counter = newest.get();
        return counter == null ? 0 : counter.done();
    }

    /** The newest counter's total; -1 while unknown or before an engine asked for one. */
    public long total() {
        Counter counter = newest.get();
        return counter == null ? -1 : counter.total();
    }

    /** Lines go above {@code drawn} from now on (a closed bar prints them plainly). */
    ProgressBar drawingOn(ProgressBar drawn) {
        this.bar = drawn;
        return drawn;
    }
}
