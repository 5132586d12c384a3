package dev.sotbackup.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sot-backup unlock}: removes locks left by processes that no longer run (all with --remove-all). */
@Command(name = "unlock", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Remove stale locks: older than 30 minutes, or left on this host by a process that has "
                + "ended. Locks of running processes are kept, unless --remove-all.")
public final class UnlockCommand extends RepositoryCommand {

    @Option(names = "--remove-all", description = "Remove every lock, also those of processes that may still run "
            + "(on another host): only when you know they do not.")
    boolean removeAll;

    @Override
    public Integer call() throws Exception {
        int removed = repository.call(repo -> repo.unlock(removeAll));
        out().println("removed " + removed + (removeAll ? " " : " stale ")
                + (removed == 1 ? "lock" : "locks"));
        return SotBackup.EXIT_OK;
    }
}
