package dev.sotbackup.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command has: its picocli spec, the run's streams and environment, and the two ways it ends — a usage
 * error (exit 2, {@link #usage}) or its result printed as text or as {@code --json} ({@link #print}). Failures are
 * thrown; {@link SotBackup} turns them into one line and exit 1.
 */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A bad command line: printed with the usage hint, exit 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    Environment environment() {
        return ((SotBackup) spec.root().userObject()).environment();
    }

    /** Standard output as bytes, where archives and scripts go. */
    OutputStream stdout() {
        return ((SotBackup) spec.root().userObject()).stdout();
    }

    /** The result as one JSON document with {@code --json}, else as text; exit 0. */
    int print(boolean json, Object document, Consumer<PrintWriter> text) {
        if (json) {
            JsonOutput.print(out(), document);
        } else {
            text.accept(out());
        }
        return SotBackup.EXIT_OK;
    }
}
