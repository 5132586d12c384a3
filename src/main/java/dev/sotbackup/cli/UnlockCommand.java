package dev.sotbackup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sot-backup unlock}: removes locks left by processes that no longer run. */
@Command(name = "unlock", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Remove stale locks: older than 30 minutes, or left on this host by a process that has "
                + "ended. Locks of running processes are kept.")
public final class UnlockCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        int removed;
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            removed = opened.repository().unlock();
        }
        spec.commandLine().getOut().println("removed " + removed + (removed == 1 ? " stale lock" : " stale locks"));
        return SotBackup.EXIT_OK;
    }
}
