package dev.sotbackup.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sot-backup} command tree. Commands only parse, call and print. */
@Command(name = "sot-backup",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Back up, restore and replicate a network source-of-truth deployment "
                + "(NetBox, NetBox Enterprise, Nautobot) as one consistent unit.",
        subcommands = {PgCommand.class, InvalidateCacheCommand.class, InitCommand.class, BackupCommand.class, SnapshotsCommand.class,
                RestoreCommand.class, VerifyCommand.class, ReplicateCommand.class, ExportCommand.class, CheckCommand.class, ForgetCommand.class,
                PruneCommand.class, StatsCommand.class, UnlockCommand.class, KeyCommand.class, DiscoverCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class SotBackup {

    /** Exit codes, documented in the README ("Exit codes"). */
    public static final int EXIT_OK = 0;
    /** Any failure: one line on standard error starting {@code sot-backup: error:}. */
    public static final int EXIT_FAILURE = 1;
    /** A bad command line (unknown option, missing argument, options that contradict each other). */
    public static final int EXIT_USAGE = 2;
    /**
     * {@code verify} ran to the end and found differences between the source and the restored copy (tables,
     * rows, checksums): the tool worked, the backup does not match. Kept apart from {@link #EXIT_FAILURE} so that
     * a scheduler can tell "the check could not run" from "the check failed".
     */
    public static final int EXIT_VERIFY_MISMATCH = 3;

    /** Where commands write data (archives, scripts) when no output file is given. */
    private final OutputStream stdout;
    /** Environment variables and backend settings the commands see. */
    private final Environment environment;

    private SotBackup(OutputStream stdout, Environment environment) {
        this.stdout = stdout;
        this.environment = environment;
    }

    OutputStream stdout() {
        return stdout;
    }

    Environment environment() {
        return environment;
    }

    public static void main(String[] args) {
        System.exit(run(args, new FileOutputStream(FileDescriptor.out), new PrintWriter(System.err, true),
                Environment.system()));
    }

    /** Runs one command line in the process environment. */
    public static int run(String[] args, OutputStream stdout, PrintWriter err) {
        return run(args, stdout, err, Environment.system());
    }

    /**
     * Runs one command line; every failure becomes one line on {@code err} and a non-zero code.
     *
     * @param stdout      standard output as bytes: archives and scripts are written there, messages as UTF-8 text
     * @param environment environment variables and backend settings in place of the process's
     */
    public static int run(String[] args, OutputStream stdout, PrintWriter err, Environment environment) {
        CommandLine cli = new CommandLine(new SotBackup(stdout, environment));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sot-backup: error: " + Errors.oneLine(e));
            if (environment.variable("SOT_BACKUP_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("sot-backup: " + usageMessage(e));
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return EXIT_USAGE;
        });
        int code = cli.execute(args);
        out.flush();
        return code;
    }

    /**
     * picocli's message, except that unknown options are named without the words after them: someone who typed
     * {@code --password SECRET} must not find the secret echoed into a log.
     */
    private static String usageMessage(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> options = unmatched.getUnmatched().stream()
                    .filter(argument -> argument.startsWith("-") && argument.length() > 1)
                    .map(argument -> argument.split("=", 2)[0])
                    .toList();
            if (!options.isEmpty()) {
                return (options.size() == 1 ? "Unknown option: '" : "Unknown options: '")
                        + String.join("', '", options) + "'";
            }
        }
        return e.getMessage();
    }
}
