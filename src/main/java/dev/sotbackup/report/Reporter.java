package dev.sotbackup.report;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Where an engine tells what it does while it runs, passed down from the command to every engine it calls (as
 * restic passes its progress printer into the archiver and the restorer). An engine never decides whether or how
 * a line is shown: it says how important the line is, and the caller's reporter decides — the command line prints
 * at the chosen verbosity, with the level's prefix added in one place; a test records or drops the lines.
 *
 * <p>Implementations must be safe to call from any thread: dump and restore workers report concurrently.
 */
public interface Reporter {

    /** How important a line is; the order is from least to most. */
    enum Level {
        /** What the run is doing now ({@code -v}'s lines: "processing TABLE DATA …"). */
        INFO(""),
        /** Something the user did not ask for but should know: a leftover removed, a setting lowered. */
        NOTE("note: "),
        /** Something that went wrong without stopping the run: a file that changed while read, errors ignored. */
        WARNING("warning: "),
        /**
         * A failure the run went on after (pg_restore's errors without {@code --exit-on-error}); the run's result
         * counts them.
         */
        ERROR("error: ");

        private final String prefix;

        Level(String prefix) {
            this.prefix = prefix;
        }

        /** What goes before the line when it is printed: {@code "note: "}, {@code "warning: "}, nothing for INFO. */
        public String prefix() {
            return prefix;
        }
    }

    /** One line at {@code level}, without a prefix. */
    void report(Level level, String line);

    /**
     * A new live count for a step that is starting — table bytes dumped, bytes loaded — which the engine advances
     * and the caller's progress display reads. The newest counter is the one a progress bar shows.
     *
     * @param name what is counted, for a display that names it ("table bytes")
     */
    Counter counter(String name);

    default void info(String line) {
        report(Level.INFO, line);
    }

    default void note(String line) {
        report(Level.NOTE, line);
    }

    default void warning(String line) {
        report(Level.WARNING, line);
    }

    /** A reporter that drops every line; its counters count for nobody. */
    static Reporter silent() {
        return Silent.INSTANCE;
    }

    /**
     * A reporter that writes every line to {@code sink} after its level's {@linkplain Level#prefix() prefix}
     * ({@code "warning: …"}), as the command line prints it without its {@code "sot-backup: "}; counters count for
     * nobody.
     */
    static Reporter lines(Consumer<String> sink) {
        return new Reporter() {
            @Override
            public void report(Level level, String line) {
                sink.accept(level.prefix() + line);
            }

            @Override
            public Counter counter(String name) {
                return new Counter(name);
            }
        };
    }

    /** A reporter that hands the lines of {@code level} alone to {@code sink}, without a prefix, and drops the rest. */
    static Reporter only(Level level, Consumer<String> sink) {
        return new Reporter() {
            @Override
            public void report(Level reported, String line) {
                if (reported == level) {
                    sink.accept(line);
                }
            }

            @Override
            public Counter counter(String name) {
                return new Counter(name);
            }
        };
    }

    /** The reporter used by callers that want nothing. */
    enum Silent implements Reporter {
        INSTANCE;

        @Override
        public void report(Level level, String line) {
        }

        @Override
        public Counter counter(String name) {
            return new Counter(name);
        }
    }

    /**
     * A count of work done and its expected total, advanced by an engine's threads and read by a progress display
     * from another. The total is -1 while it is unknown.
     */
    final class Counter {
        private final String name;
        private final LongAdder done = new LongAdder();
        private final AtomicLong total = new AtomicLong(-1);

        public Counter(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** {@code amount} more is done. */
        public void add(long amount) {
            done.add(amount);
        }

        /** {@code amount} more is expected: an unknown total becomes known, a known one grows (or shrinks). */
        public void addToTotal(long amount) {
            total.updateAndGet(previous -> Math.max(0, previous) + amount);
        }

        public long done() {
            return done.sum();
        }

        /** What {@link #done()} will reach, or -1 while unknown. */
        public long total() {
            return total.get();
        }
    }
}
