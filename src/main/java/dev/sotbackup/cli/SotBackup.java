package dev.sotbackup.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sot-backup} command tree. Commands only parse, call and print. */
@Command(name = "sot-backup",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Back up, restore and replicate a network source-of-truth deployment "
                + "(NetBox, NetBox Enterprise, Nautobot) as one consistent unit.",
        subcommands = {PgCommand.class, CommandLine.HelpCommand.class})
public final class SotBackup {

    /** Exit codes, documented in the README. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; every failure becomes one line on {@code err} and a non-zero code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SotBackup());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sot-backup: error: " + Errors.oneLine(e));
            if (System.getenv("SOT_BACKUP_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("sot-backup: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }
}
