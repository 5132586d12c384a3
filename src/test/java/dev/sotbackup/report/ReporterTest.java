package dev.sotbackup.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReporterTest {

    @Test
    void eachLevelHasTheOnePrefixItIsPrintedWith() {
        List<String> lines = new ArrayList<>();
        Reporter reporter = Reporter.lines(lines::add);
        reporter.info("processing TABLE DATA public.a");
        reporter.note("removed a leftover");
        reporter.warning("a file changed while it was read");
        reporter.report(Reporter.Level.ERROR, "could not execute TABLE b");
        assertEquals(List.of("processing TABLE DATA public.a", "note: removed a leftover",
                "warning: a file changed while it was read", "error: could not execute TABLE b"), lines);
    }

    @Test
    void onlyPassesOneLevelWithoutItsPrefix() {
        List<String> warnings = new ArrayList<>();
        Reporter reporter = Reporter.only(Reporter.Level.WARNING, warnings::add);
        reporter.info("progress");
        reporter.note("a note");
        reporter.warning("a loop");
        assertEquals(List.of("a loop"), warnings);
    }

    @Test
    void aCounterTotalIsUnknownUntilSomethingIsExpected() {
        Reporter.Counter counter = Reporter.silent().counter("table bytes");
        assertEquals(-1, counter.total());
        assertEquals(0, counter.done());
        counter.addToTotal(100);
        counter.addToTotal(50);
        counter.add(30);
        counter.add(12);
        assertEquals(150, counter.total());
        assertEquals(42, counter.done());
        counter.addToTotal(-20); // an estimate that replaces a larger guess
        assertEquals(130, counter.total());
    }
}
