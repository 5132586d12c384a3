package dev.sotbackup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sot-backup init}: creates an encrypted repository at an empty location. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a repository at an empty directory or S3 prefix, encrypted with the password.")
public final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        try (RepositoryOptions.OpenRepository opened = repository.init()) {
            spec.commandLine().getOut().println("created sot-backup repository " + opened.repository().config().id()
                    + " at " + opened.backend().describe());
            spec.commandLine().getOut().println("Losing the password means losing the data in the repository.");
        }
        return SotBackup.EXIT_OK;
    }
}
