package dev.sotbackup.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code -j/--jobs N}: how much a command does at once, the same option in every command that reads, loads or
 * compresses in parallel. The default is the command's: 1, or 2 where two sides work together ({@code verify},
 * {@code replicate}) — given to the constructor, since picocli shows a field's initial value as its default.
 */
public final class JobsOption {

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Parallel jobs: N tables, table ranges or archive entries at once, with up to N "
                    + "connections to each server (default ${DEFAULT-VALUE}).")
    int jobs;

    /** The usual default, 1. Picocli calls this for {@code @Mixin} fields left null. */
    public JobsOption() {
        this(1);
    }

    JobsOption(int defaultJobs) {
        this.jobs = defaultJobs;
    }

    /** {@code -j}, a usage error unless 1 to {@value OptionChecks#MAX_JOBS}. */
    int checked(CommandSpec spec) {
        return OptionChecks.jobs(spec, jobs);
    }
}
