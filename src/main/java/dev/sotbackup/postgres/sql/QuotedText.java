package dev.sotbackup.postgres.sql;

/**
 * Text in which a quoted part holds its own quote character doubled: SQL identifiers ({@code "a""b"}), the
 * server's list settings ({@code "$user", public}), aclitem role names, psql's quoted words.
 */
public final class QuotedText {

    private QuotedText() {
    }

    /**
     * Appends to {@code out} the quoted part of {@code text} whose opening quote is at {@code open}, each doubled
     * quote as one, and returns the index just past the closing quote (the text's length when none closes it).
     */
    public static int unquote(String text, int open, StringBuilder out) {
        char quote = text.charAt(open);
        int n = text.length();
        int i = open + 1;
        while (i < n) {
            char c = text.charAt(i);
            if (c == quote) {
                if (i + 1 < n && text.charAt(i + 1) == quote) {
                    out.append(quote);
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            out.append(c);
            i++;
        }
        return n;
    }
}
