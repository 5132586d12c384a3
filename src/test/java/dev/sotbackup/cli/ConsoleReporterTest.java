package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sotbackup.report.Reporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {

    @Test
    void printsTheShownLevelsWithTheToolAndLevelPrefix() {
        StringWriter err = new StringWriter();
        ConsoleReporter reporter = new ConsoleReporter(new PrintWriter(err),
                ConsoleReporter.levels(false, Reporter.Level.NOTE, Reporter.Level.WARNING));
        reporter.info("processing TABLE DATA public.a");
        reporter.note("removed a leftover");
        reporter.warning("errors ignored on restore: 1");
        reporter.report(Reporter.Level.ERROR, "could not execute TABLE b");
        assertEquals("sot-backup: note: removed a leftover\nsot-backup: warning: errors ignored on restore: 1\n",
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void verboseShowsEveryLevel() {
        assertEquals(EnumSet.allOf(Reporter.Level.class), ConsoleReporter.levels(true, Reporter.Level.NOTE));
        assertEquals(EnumSet.noneOf(Reporter.Level.class), ConsoleReporter.levels(false));
    }

    @Test
    void theProgressShownIsTheNewestCounters() {
        ConsoleReporter reporter = new ConsoleReporter(new PrintWriter(new StringWriter()),
                ConsoleReporter.levels(false));
        assertEquals(0, reporter.done());
        assertEquals(-1, reporter.total());
        Reporter.Counter first = reporter.counter("bytes loaded");
        first.add(10);
        first.addToTotal(100);
        assertEquals(10, reporter.done());
        assertEquals(100, reporter.total());
        Reporter.Counter second = reporter.counter("bytes loaded");
        second.add(3);
        assertEquals(3, reporter.done());
        assertEquals(-1, reporter.total());
    }
}
