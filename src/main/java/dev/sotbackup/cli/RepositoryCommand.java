package dev.sotbackup.cli;

import picocli.CommandLine.Mixin;

/** A command on the repository: {@code -r/--repo} and {@code --password-file} come first in its options. */
abstract class RepositoryCommand extends CliCommand {

    @Mixin
    RepositoryOptions repository;
}
