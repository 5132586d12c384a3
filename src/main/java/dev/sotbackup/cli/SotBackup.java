package dev.sotbackup.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

    /** Where commands write data (archives, scripts) when no output file is given. */
    private final OutputStream stdout;

    private SotBackup(OutputStream stdout) {
        this.stdout = stdout;
    }

    OutputStream stdout() {
        return stdout;
    }

    public static void main(String[] args) {
        System.exit(run(args, new FileOutputStream(FileDescriptor.out), new PrintWriter(System.err, true)));
    }

    /**
     * Runs one command line; every failure becomes one line on {@code err} and a non-zero code.
     *
     * @param stdout standard output as bytes: archives and scripts are written there, messages as UTF-8 text
     */
    public static int run(String[] args, OutputStream stdout, PrintWriter err) {
        CommandLine cli = new CommandLine(new SotBackup(stdout));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
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
        int code = cli.execute(args);
        out.flush();
        return code;
    }
}
