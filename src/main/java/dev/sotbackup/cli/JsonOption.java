package dev.sotbackup.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}: the result as one JSON document (an object, or the snapshot listing's array) instead of text, for
 * the commands that print a result and report nothing on the way ({@link ReportOptions} has its own, which also
 * turns the progress bar off).
 */
public final class JsonOption {

    @Option(names = "--json", description = "Print the result as one JSON document.")
    boolean json;

    boolean given() {
        return json;
    }
}
