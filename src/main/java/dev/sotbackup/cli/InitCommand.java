package dev.sotbackup.cli;

import picocli.CommandLine.Command;

/** {@code sot-backup init}: creates an encrypted repository at an empty location. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a repository at an empty directory or S3 prefix, encrypted with the password.")
public final class InitCommand extends RepositoryCommand {

    @Override
    public Integer call() throws Exception {
        try (RepositoryOptions.OpenRepository opened = repository.init()) {
            out().println("created sot-backup repository " + opened.repository().config().id()
                    + " at " + opened.backend().describe());
            out().println("Losing the password means losing the data in the repository.");
        }
        return SotBackup.EXIT_OK;
    }
}
