package dev.sotbackup.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The line's layout for given counters, and what the bar writes (and does not write) around it. */
class ProgressBarTest {

    private static final long MIB = 1024 * 1024;
    private static final long SECOND = 1_000_000_000L;
    private static final String ERASE = "\u001b[K";

    @Test
    void knownTotalShowsBarPercentAmountsRateAndEta() {
        // 512 MiB of 2 GiB in 8 s: 64 MiB/s, 1536 MiB left = 24 s.
        String line = ProgressBar.render("dump netbox", 512 * MIB, 2048 * MIB, ProgressUnit.BYTES, 8 * SECOND, 100,
                false);
        assertEquals("dump netbox [" + "#".repeat(7) + ".".repeat(23) + "]  25%   512.0 MiB / 2.0 GiB    64.0 MiB/s"
                + "  ETA 0:24", line);
        // Numbers are right-aligned to their widest form, so the bar neither moves nor changes width.
        String later = ProgressBar.render("dump netbox", 1000 * MIB, 2048 * MIB, ProgressUnit.BYTES, 8 * SECOND, 100,
                false);
        assertEquals(line.indexOf(']'), later.indexOf(']'), later);
        assertEquals(line.indexOf(" / "), later.indexOf(" / "), later);
        String done = ProgressBar.render("dump netbox", 2048 * MIB, 2048 * MIB, ProgressUnit.BYTES, 8 * SECOND, 100,
                true);
        assertEquals(line.indexOf(']'), done.indexOf(']'), "the final line's bar is as wide: " + done);
    }

    @Test
    void percentStopsAt99UntilCompleteAndTheEtaIsUnknownPastAnEstimate() {
        String atTotal = ProgressBar.render("x", 100, 100, ProgressUnit.BYTES, SECOND, 100, false);
        assertTrue(atTotal.contains(" 99%"), atTotal);
        assertTrue(atTotal.endsWith("ETA --:--"), atTotal);
        String pastEstimate = ProgressBar.render("x", 150, 100, ProgressUnit.BYTES, SECOND, 100, false);
        assertTrue(pastEstimate.contains(" 99%"), pastEstimate);
        assertFalse(pastEstimate.contains("100%"), pastEstimate);
        String fraction = ProgressBar.render("x", 999, 1000, ProgressUnit.BYTES, SECOND, 100, false);
        assertTrue(fraction.contains(" 99%"), "rounded down: " + fraction);
        String small = ProgressBar.render("x", 1, 1000, ProgressUnit.BYTES, SECOND, 100, false);
        assertTrue(small.contains("  0%"), small);
    }

    @Test
    void completeLineShowsAHundredPercentTheAmountAndTheTimeTaken() {
        String line = ProgressBar.render("restore netbox", 2048 * MIB, 2048 * MIB, ProgressUnit.BYTES, 8 * SECOND,
                100, true);
        assertEquals("restore netbox [" + "#".repeat(28) + "] 100%  2.0 GiB  256.0 MiB/s  in 0:08", line);
        // An estimate that was too high still ends at 100 %.
        String under = ProgressBar.render("b", 900, 1000, ProgressUnit.BYTES, SECOND, 100, true);
        assertTrue(under.contains("100%"), under);
    }

    @Test
    void unknownTotalShowsDoneRateAndElapsedTimeWithoutBarOrPercent() {
        String line = ProgressBar.render("restore x", 3 * MIB, -1, ProgressUnit.BYTES, 2 * SECOND, 80, false);
        assertEquals("restore x  3.0 MiB  1.5 MiB/s  0:02", line);
        String zero = ProgressBar.render("restore x", 3 * MIB, 0, ProgressUnit.BYTES, 2 * SECOND, 80, false);
        assertEquals(line, zero, "a total of 0 is unknown too");
    }

    @Test
    void etaFormats() {
        // 1 of 3601 per second: 3600 s to go.
        String hour = ProgressBar.render("x", 1, 3601, ProgressUnit.ROWS, SECOND, 120, false);
        assertTrue(hour.endsWith("ETA 1:00:00"), hour);
        String long_ = ProgressBar.render("x", 1, 1_000_000, ProgressUnit.ROWS, SECOND, 120, false);
        assertTrue(long_.endsWith("ETA >99h"), long_);
        String noRate = ProgressBar.render("x", 0, 100, ProgressUnit.BYTES, SECOND, 120, false);
        assertTrue(noRate.endsWith("ETA --:--"), noRate);
        assertEquals("1:01:01", ProgressBar.clock(3661, false));
        assertEquals("0:02", ProgressBar.clock(1.2, true));
        assertEquals("0:01", ProgressBar.clock(1.9, false));
    }

    @Test
    void rowsKeysAndFilesAreCounted() {
        String line = ProgressBar.render("redis", 12_345, 40_000, ProgressUnit.KEYS, SECOND, 120, false);
        assertTrue(line.contains("12.3k / 40.0k keys"), line);
        assertTrue(line.contains("12.3k keys/s"), line);
        assertEquals("999", ProgressUnit.count(999));
        assertEquals("9999", ProgressUnit.count(9999));
        assertEquals("1.0M", ProgressUnit.count(999_999));
        assertEquals("4.5M", ProgressUnit.count(4_500_000));
        assertEquals("1.2G", ProgressUnit.count(1_200_000_000));
        assertEquals("3 files", ProgressUnit.FILES.amount(3));
    }

    @Test
    void narrowTerminalsLoseTheBarThenRateThenAmountsButKeepThePercent() {
        String forty = ProgressBar.render("dump netbox", 512 * MIB, 2048 * MIB, ProgressUnit.BYTES, 8 * SECOND, 40,
                false);
        assertEquals("dump netbox   25%  ETA 0:24", forty);
        String sixty = ProgressBar.render("dump netbox", 512 * MIB, 2048 * MIB, ProgressUnit.BYTES, 8 * SECOND, 60,
                false);
        assertEquals("dump netbox   25%   512.0 MiB / 2.0 GiB  ETA 0:24", sixty);
        String ten = ProgressBar.render("dump netbox", 512 * MIB, 2048 * MIB, ProgressUnit.BYTES, 8 * SECOND, 10,
                false);
        assertEquals(9, ten.length(), ten);
        assertTrue(ten.endsWith("25%"), ten);
        for (int width = 1; width <= 140; width++) {
            for (long total : new long[] {-1, 2048 * MIB}) {
                String line = ProgressBar.render("restore a-long-database-name", 512 * MIB, total, ProgressUnit.BYTES,
                        8 * SECOND, width, false);
                assertTrue(line.length() <= Math.max(1, width - 1), width + ": " + line);
                if (total > 0 && width >= 8) {
                    assertTrue(line.contains("25%"), width + ": " + line);
                }
            }
        }
        String wide = ProgressBar.render("x", 512 * MIB, 2048 * MIB, ProgressUnit.BYTES, 8 * SECOND, 300, false);
        assertTrue(wide.contains("[" + "#".repeat(7) + ".".repeat(23) + "]"), "bar at most 30 wide: " + wide);
    }

    @Test
    void enabledBarRedrawsInPlaceAndEndsWithTheFinalLineAndANewline() {
        StringWriter text = new StringWriter();
        AtomicLong done = new AtomicLong();
        AtomicLong clock = new AtomicLong(0);
        ProgressBar bar = new ProgressBar("dump db", done::get, () -> 1000, ProgressUnit.BYTES,
                new PrintWriter(text), 100, true, clock::get, false);
        clock.set(SECOND);
        done.set(0);
        bar.redraw(); // a total but nothing done: drawn, the time counts from here
        assertTrue(text.toString().startsWith("\rdump db ["), text.toString());
        assertFalse(text.toString().contains("\n"));
        done.set(500);
        clock.set(3 * SECOND);
        bar.redraw();
        String second = text.toString().substring(text.toString().lastIndexOf('\r'));
        assertTrue(second.endsWith(" 50%       500 B / 1000 B       250 B/s  ETA 0:02" + ERASE), second);

        bar.message("sot-backup: warning: something");
        String afterMessage = text.toString();
        assertTrue(afterMessage.endsWith(second + "\r" + ERASE + "sot-backup: warning: something\n" + second),
                "the bar is cleared, the message printed and the bar drawn again below it: " + afterMessage);

        done.set(1000);
        bar.complete();
        bar.close();
        String finalText = text.toString();
        assertTrue(finalText.endsWith("] 100%  1000 B  500 B/s  in 0:02" + ERASE + "\n"), finalText);
        bar.close();
        bar.message("after");
        assertEquals(finalText + "after" + System.lineSeparator(), text.toString(), "idempotent close");
    }

    @Test
    void everyRedrawReturnsToTheLineStartAndErasesWhatALongerLineLeft() {
        StringWriter text = new StringWriter();
        AtomicLong done = new AtomicLong(5 * MIB);
        AtomicLong clock = new AtomicLong();
        ProgressBar bar = new ProgressBar("x", done::get, () -> -1, ProgressUnit.BYTES, new PrintWriter(text), 100,
                true, clock::get, false);
        bar.redraw();
        clock.set(SECOND);
        done.set(6 * MIB);
        bar.redraw();
        assertEquals("\rx  5.0 MiB  0 B/s  0:00" + ERASE + "\rx  6.0 MiB  6.0 MiB/s  0:01" + ERASE, text.toString());
    }

    @Test
    void nothingIsDrawnBeforeAnyProgressAndAFailureBeforeThatLeavesNoLine() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar("x", () -> 0, () -> -1, ProgressUnit.BYTES, new PrintWriter(text), 100,
                true, () -> 0, false);
        bar.redraw();
        bar.close(); // not completed: a failure
        assertEquals("", text.toString());
    }

    @Test
    void disabledBarWritesNothingAndPrintsMessagesPlainly() {
        StringWriter text = new StringWriter();
        ProgressBar bar = ProgressBar.disabled(new PrintWriter(text));
        assertFalse(bar.enabled());
        bar.redraw();
        bar.message("sot-backup: dumping contents of table public.t");
        bar.complete();
        bar.close();
        assertEquals("sot-backup: dumping contents of table public.t" + System.lineSeparator(), text.toString());
        assertFalse(text.toString().contains("\r"));
    }

    @Test
    void startedBarDrawsItsFinalLineOnClose() {
        StringWriter text = new StringWriter();
        try (ProgressBar bar = ProgressBar.start("copy", () -> 10, () -> 10, ProgressUnit.FILES,
                new PrintWriter(text), 80)) {
            bar.complete();
        }
        String last = text.toString().substring(text.toString().lastIndexOf('\r'));
        assertTrue(last.matches("(?s)\rcopy \\[#{10,30}\\] 100%  10 files  .*"), last);
        assertTrue(last.endsWith(ERASE + "\n"), last);
    }
}
