package dev.sotbackup.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A reporter that keeps the lines of one level (for a result that lists them, e.g. a backup's warnings) and passes
 * every line on to the reporter it wraps.
 */
public final class RecordingReporter implements Reporter {

    private final Reporter next;
    private final Level kept;
    private final List<String> lines = new ArrayList<>();

    public RecordingReporter(Reporter next, Level kept) {
        this.next = next;
        this.kept = kept;
    }

    @Override
    public void report(Level level, String line) {
        if (level == kept) {
            synchronized (lines) {
                lines.add(line);
            }
        }
        next.report(level, line);
    }

    @Override
    public Counter counter(String name) {
        return next.counter(name);
    }

    /** The lines of the kept level so far, in the order they were reported. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
