package dev.sotbackup.cli;

import picocli.CommandLine.Option;

/**
 * {@code -?/--help} and {@code -V/--version} for the pg_dump-style commands, as pg_dump spells them: picocli's
 * standard help options would take {@code -h}, which clashes with {@code -h/--host}, and picocli then drops
 * {@code --help} and {@code -V} too.
 */
public final class PgHelpOptions {

    @Option(names = {"-?", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;
}
