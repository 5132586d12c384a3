package dev.sotbackup.cli.progress;

import dev.sotbackup.cli.Sizes;
import java.util.Locale;

/** What a progress bar counts, and how its amounts and rates are written. */
public enum ProgressUnit {
    BYTES(null),
    ROWS("rows"),
    KEYS("keys"),
    FILES("files");

    /** The word after a count, or null for bytes (whose sizes carry their unit). */
    private final String word;

    ProgressUnit(String word) {
        this.word = word;
    }

    /** One amount: {@code 1.5 MiB}, {@code 12.3k rows}. */
    public String amount(long n) {
        return word == null ? Sizes.bytes(n) : count(n) + " " + word;
    }

    /** Done out of total: {@code 1.5 MiB / 3.0 GiB}, {@code 12.3k / 40.0k rows}. */
    public String amounts(long done, long total) {
        return word == null ? Sizes.bytes(done) + " / " + Sizes.bytes(total)
                : count(done) + " / " + count(total) + " " + word;
    }

    /** A rate: {@code 35.1 MiB/s}, {@code 1.2k rows/s}. */
    public String rate(double perSecond) {
        long n = perSecond <= 0 || Double.isNaN(perSecond) ? 0 : (long) Math.min(perSecond, Long.MAX_VALUE);
        return word == null ? Sizes.bytes(n) + "/s" : count(n) + " " + word + "/s";
    }

    /** {@link #amounts} with the done part right-aligned to its widest form, so that what follows stays put. */
    String alignedAmounts(long done, long total) {
        return pad(word == null ? Sizes.bytes(done) : count(done), widestNumber()) + " / "
                + (word == null ? Sizes.bytes(total) : count(total) + " " + word);
    }

    /** {@link #rate} right-aligned to its widest form. */
    String alignedRate(double perSecond) {
        return pad(rate(perSecond), widestNumber() + (word == null ? 2 : word.length() + 3));
    }

    /** "1023.9 KiB" for sizes, "999.9k" for counts. */
    private int widestNumber() {
        return word == null ? 10 : 6;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    /** A count as people read it: 999, 9999, 12.3k, 4.5M, 1.2G. */
    static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 999_950) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        if (n < 999_950_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fG", n / 1e9);
    }
}
