package dev.sotbackup.cli;

import picocli.CommandLine.Command;

/** {@code sot-backup pg …}: PostgreSQL tools that replace pg_dump and pg_restore. */
@Command(name = "pg", mixinStandardHelpOptions = true,
        description = "PostgreSQL dump and restore, with pg_dump's and pg_restore's options.",
        subcommands = {PgDumpCommand.class, PgRestoreCommand.class})
public final class PgCommand {
}
