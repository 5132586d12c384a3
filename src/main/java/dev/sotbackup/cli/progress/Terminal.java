package dev.sotbackup.cli.progress;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether progress may be drawn: only for a person watching a terminal, never into a pipe, a log file, a CI
 * job or a script that asked for {@code --json}.
 */
public final class Terminal {

    /** Where Linux shows what file descriptor 2 is. */
    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

    private Terminal() {
    }

    /** Whether this process's standard error is an interactive terminal, given the environment variables. */
    public static boolean stderrIsInteractive(Map<String, String> environment) {
        return decide(environment, consoleIsTerminal(), stderrIsTty());
    }

    /**
     * The decision, from its inputs.
     *
     * @param consoleIsTerminal {@code System.console()} exists and (JDK 22+) {@code isTerminal()}
     * @param stderrIsTty       whether file descriptor 2 is a terminal device, or empty when the platform cannot
     *                          tell (no {@code /proc}); then the console decides alone
     */
    static boolean decide(Map<String, String> environment, boolean consoleIsTerminal, Optional<Boolean> stderrIsTty) {
        if (isSet(environment.get("CI")) || "dumb".equals(environment.get("TERM"))) {
            return false;
        }
        // A known answer about standard error itself wins: `pg dump -Fc > file` has no console (stdout is a file)
        // but its standard error is the operator's terminal, and `2> log` has a console but must stay quiet.
        return stderrIsTty.orElse(consoleIsTerminal);
    }

    /** The terminal width from {@code COLUMNS} when exported, else 80. */
    public static int width(Map<String, String> environment) {
        String columns = environment.get("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.strip());
                if (n >= 20 && n <= 1000) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return 80;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty() && !value.equalsIgnoreCase("false") && !value.equals("0");
    }

    /** {@code System.console() != null}, and on JDK 22+ (where a console exists even when redirected) isTerminal(). */
    static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: a console exists only when stdin and stdout are terminals
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** On Linux: is file descriptor 2 a terminal device? Empty where {@code /proc} cannot tell. */
    static Optional<Boolean> stderrIsTty() {
        try {
            if (!Files.isSymbolicLink(STDERR_LINK)) {
                return Optional.empty();
            }
            return Optional.of(isTerminalDevice(Files.readSymbolicLink(STDERR_LINK).toString()));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** A {@code /proc/self/fd} link target that is a terminal: {@code /dev/pts/3}, {@code /dev/tty1}, the console. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
