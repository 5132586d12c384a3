/**
 * The command line: one picocli command per file ({@code SotBackup} is the root), the option groups several
 * commands share, and the one place errors become a single line and an exit code. A command parses its options,
 * calls the package that owns the work and prints what comes back (text, {@code --json}, metrics); it makes no
 * decision an engine could make and holds no state between runs.
 */
package dev.sotbackup.cli;
