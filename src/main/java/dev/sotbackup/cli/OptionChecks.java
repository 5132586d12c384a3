package dev.sotbackup.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The numbers a command line gives, checked the same way everywhere: a value out of range is a usage error (exit
 * 2) that names the option and its range, never a negative split size or a zero job count taken at face value.
 */
final class OptionChecks {

    /**
     * The most {@code -j} any command takes. More would be threads and connections by the thousand; the server's
     * free connection slots lower it further at run time ({@code ConnectionSlots}).
     */
    static final int MAX_JOBS = 1024;

    private OptionChecks() {
    }

    /** {@code -j/--jobs}: 1 to {@value #MAX_JOBS}. */
    static int jobs(CommandSpec spec, int jobs) {
        return (int) inRange(spec, "-j/--jobs", jobs, 1, MAX_JOBS);
    }

    /** {@code value} when {@code min <= value <= max}. */
    static long inRange(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be in range " + min + ".." + max
                    + ", got " + value);
        }
        return value;
    }

    /** {@code value} when it is 0 or more (a Redis database number, a count). */
    static long notNegative(CommandSpec spec, String option, long value) {
        if (value < 0) {
            throw new ParameterException(spec.commandLine(), option + " must not be negative, got " + value);
        }
        return value;
    }
}
