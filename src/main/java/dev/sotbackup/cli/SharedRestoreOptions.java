package dev.sotbackup.cli;

import dev.sotbackup.postgres.restore.RestoreOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Restore options shared by {@code pg restore} and the repository's {@code restore}. */
public final class SharedRestoreOptions {

    @Option(names = "--replace", description = "Restore into a fresh scratch database and swap it in for the "
            + "target only after success; the previous database is kept as <name>_before_<time>.")
    boolean replace;

    @Option(names = "--drop-previous", description = "With --replace: drop the previous database after the swap.")
    boolean dropPrevious;

    @Option(names = {"-O", "--no-owner"}, description = "Do not restore object owners.")
    boolean noOwner;

    @Option(names = {"-x", "--no-privileges", "--no-acl"}, description = "Do not restore GRANT/REVOKE.")
    boolean noPrivileges;

    /** --drop-previous only makes sense with --replace. */
    void checkDropPrevious(CommandSpec spec) {
        if (dropPrevious && !replace) {
            throw new ParameterException(spec.commandLine(), "option --drop-previous requires --replace");
        }
    }

    /** {@code options} with -O and -x applied. */
    RestoreOptions.Builder applyTo(RestoreOptions.Builder options) {
        return options.noOwner(noOwner).noPrivileges(noPrivileges);
    }
}
