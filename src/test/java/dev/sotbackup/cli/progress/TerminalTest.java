package dev.sotbackup.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When progress may be drawn: only for a terminal on standard error, never in CI or a pipe. */
class TerminalTest {

    @Test
    void knownStandardErrorDecides() {
        assertTrue(Terminal.decide(Map.of(), false, Optional.of(true)), "pg dump > file: stderr is still a terminal");
        assertFalse(Terminal.decide(Map.of(), true, Optional.of(false)), "2> log: quiet even with a console");
    }

    @Test
    void withoutProcTheConsoleDecides() {
        assertTrue(Terminal.decide(Map.of(), true, Optional.empty()));
        assertFalse(Terminal.decide(Map.of(), false, Optional.empty()));
    }

    @Test
    void ciAndDumbTerminalsAreAlwaysQuiet() {
        assertFalse(Terminal.decide(Map.of("CI", "true"), true, Optional.of(true)));
        assertFalse(Terminal.decide(Map.of("CI", "1"), true, Optional.of(true)));
        assertFalse(Terminal.decide(Map.of("TERM", "dumb"), true, Optional.of(true)));
        assertTrue(Terminal.decide(Map.of("CI", "", "TERM", "xterm-256color"), true, Optional.of(true)),
                "an empty CI is unset");
        assertTrue(Terminal.decide(Map.of("CI", "false"), true, Optional.of(true)));
    }

    @Test
    void terminalDevices() {
        assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
        assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
        assertFalse(Terminal.isTerminalDevice("pipe:[123456]"));
        assertFalse(Terminal.isTerminalDevice("/var/log/backup.log"));
        assertFalse(Terminal.isTerminalDevice("/dev/null"));
    }

    @Test
    void testsRunWithoutATerminal() {
        // Surefire's forked JVM writes standard error into a pipe: the detection must say so.
        assertFalse(Terminal.stderrIsInteractive(Map.of()));
    }

    @Test
    void widthFromColumns() {
        assertEquals(80, Terminal.width(Map.of()));
        assertEquals(132, Terminal.width(Map.of("COLUMNS", "132")));
        assertEquals(80, Terminal.width(Map.of("COLUMNS", "wide")));
        assertEquals(80, Terminal.width(Map.of("COLUMNS", "3")));
    }
}
