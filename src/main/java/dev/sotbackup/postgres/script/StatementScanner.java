package dev.sotbackup.postgres.script;

import java.util.Locale;

/**
 * Splits SQL text into statements the way psql does, one line at a time, so that a script of any size can be
 * streamed: it knows single-quoted strings ('' escapes), E'' strings (backslash escapes), double-quoted
 * identifiers, dollar quoting ($$ and $tag$), -- and nested /* *&#47; comments, parentheses, and the
 * {@code BEGIN ATOMIC ... END} bodies of SQL-standard functions (PostgreSQL 14+), inside all of which a
 * semicolon does not end the statement.
 *
 * <p>Comments and blank space before a statement are dropped; comments inside one are kept and sent to the
 * server, which ignores them. The terminating semicolon is not part of the returned text.
 */
final class StatementScanner {

    /** {@link #scan} result: the whole line was consumed without completing a statement. */
    static final int NEEDS_MORE = -1;

    private enum State { NORMAL, LINE_COMMENT, BLOCK_COMMENT, QUOTE, ESCAPE_QUOTE, IDENTIFIER, DOLLAR_QUOTE }

    private final StringBuilder statement = new StringBuilder();
    private State state = State.NORMAL;
    private int blockDepth;
    private String dollarTag;
    private int parenDepth;
    private int beginDepth;
    /** First letters of the leading words, to recognise CREATE [OR REPLACE] FUNCTION|PROCEDURE like psql. */
    private final char[] leadingWords = new char[4];
    private int wordCount;
    private boolean standardConformingStrings = true;
    private int metaCommandIndex = -1;

    /** Whether plain '...' strings treat backslash literally (SET standard_conforming_strings). */
    void setStandardConformingStrings(boolean on) {
        standardConformingStrings = on;
    }

    /** True when no statement text is pending and no quote or comment is open. */
    boolean isIdle() {
        return statement.isEmpty() && (state == State.NORMAL || state == State.LINE_COMMENT);
    }

    /** True once the pending statement has text (comments and blanks before a statement do not count). */
    boolean hasText() {
        return !statement.isEmpty();
    }

    /** Describes what is still open at end of input, or null when nothing is. */
    String openConstruct() {
        return switch (state) {
            case QUOTE, ESCAPE_QUOTE -> "quoted string";
            case IDENTIFIER -> "quoted identifier";
            case DOLLAR_QUOTE -> "dollar-quoted string $" + dollarTag + "$";
            case BLOCK_COMMENT -> "/* comment";
            case NORMAL, LINE_COMMENT -> null;
        };
    }

    /**
     * Index in the last scanned line where an unquoted backslash (a psql meta-command) started, when
     * {@link #scan} stopped there; -1 otherwise.
     */
    int metaCommandIndex() {
        return metaCommandIndex;
    }

    /**
     * Scans {@code line} (including its newline, if any) from {@code from}. Returns the index just after the
     * semicolon that completed a statement (take it with {@link #takeStatement}), {@link #NEEDS_MORE} when the
     * line ended first, or, when an unquoted backslash was met, -2 with {@link #metaCommandIndex} set.
     */
    int scan(String line, int from) {
        metaCommandIndex = -1;
        int length = line.length();
        int i = from;
        while (i < length) {
            char c = line.charAt(i);
            switch (state) {
                case NORMAL -> {
                    char next = i + 1 < length ? line.charAt(i + 1) : 0;
                    if (c == '-' && next == '-') {
                        state = State.LINE_COMMENT;
                        appendIfStarted("--");
                        i += 2;
                        continue;
                    }
                    if (c == '/' && next == '*') {
                        state = State.BLOCK_COMMENT;
                        blockDepth = 1;
                        appendIfStarted("/*");
                        i += 2;
                        continue;
                    }
                    if (c == ';' && parenDepth == 0 && beginDepth == 0) {
                        return i + 1;
                    }
                    if (c == '\\') {
                        metaCommandIndex = i;
                        return -2;
                    }
                    if (Character.isWhitespace(c)) {
                        appendIfStarted(c);
                        i++;
                        continue;
                    }
                    if (c == '\'') {
                        state = standardConformingStrings ? State.QUOTE : State.ESCAPE_QUOTE;
                    } else if (c == '"') {
                        state = State.IDENTIFIER;
                    } else if (c == '(') {
                        parenDepth++;
                    } else if (c == ')') {
                        if (parenDepth > 0) {
                            parenDepth--;
                        }
                    } else if (c == '$') {
                        int end = dollarTagEnd(line, i);
                        if (end > 0) {
                            dollarTag = line.substring(i + 1, end - 1);
                            statement.append(line, i, end);
                            state = State.DOLLAR_QUOTE;
                            i = end;
                            continue;
                        }
                    } else if (isIdentifierStart(c)) {
                        int end = i + 1;
                        while (end < length && isIdentifierPart(line.charAt(end))) {
                            end++;
                        }
                        if (end == i + 1 && (c == 'E' || c == 'e') && end < length && line.charAt(end) == '\'') {
                            statement.append(c).append('\'');
                            state = State.ESCAPE_QUOTE;
                            i = end + 1;
                            continue;
                        }
                        trackWord(line.substring(i, end));
                        statement.append(line, i, end);
                        i = end;
                        continue;
                    }
                    statement.append(c);
                    i++;
                }
                case LINE_COMMENT -> {
                    appendIfStarted(c);
                    if (c == '\n') {
                        state = State.NORMAL;
                    }
                    i++;
                }
                case BLOCK_COMMENT -> {
                    char next = i + 1 < length ? line.charAt(i + 1) : 0;
                    if (c == '/' && next == '*') {
                        blockDepth++;
                        appendIfStarted("/*");
                        i += 2;
                    } else if (c == '*' && next == '/') {
                        blockDepth--;
                        appendIfStarted("*/");
                        if (blockDepth == 0) {
                            state = State.NORMAL;
                        }
                        i += 2;
                    } else {
                        appendIfStarted(c);
                        i++;
                    }
                }
                case QUOTE, IDENTIFIER -> {
                    char quote = state == State.QUOTE ? '\'' : '"';
                    int close = line.indexOf(quote, i);
                    if (close < 0) {
                        statement.append(line, i, length);
                        i = length;
                    } else if (close + 1 < length && line.charAt(close + 1) == quote) {
                        statement.append(line, i, close + 2); // doubled quote: an escaped one, still inside
                        i = close + 2;
                    } else {
                        statement.append(line, i, close + 1);
                        state = State.NORMAL;
                        i = close + 1;
                    }
                }
                case ESCAPE_QUOTE -> {
                    statement.append(c);
                    if (c == '\\' && i + 1 < length) {
                        statement.append(line.charAt(i + 1));
                        i += 2;
                    } else if (c == '\'') {
                        if (i + 1 < length && line.charAt(i + 1) == '\'') {
                            statement.append('\'');
                            i += 2;
                        } else {
                            state = State.NORMAL;
                            i++;
                        }
                    } else {
                        i++;
                    }
                }
                case DOLLAR_QUOTE -> {
                    String closing = "$" + dollarTag + "$";
                    int close = line.indexOf(closing, i);
                    if (close < 0) {
                        statement.append(line, i, length);
                        i = length;
                    } else {
                        statement.append(line, i, close + closing.length());
                        state = State.NORMAL;
                        i = close + closing.length();
                    }
                }
            }
        }
        return NEEDS_MORE;
    }

    /** The completed statement's text; resets for the next one. */
    String takeStatement() {
        String text = statement.toString().strip();
        statement.setLength(0);
        parenDepth = 0;
        beginDepth = 0;
        wordCount = 0;
        java.util.Arrays.fill(leadingWords, (char) 0);
        return text;
    }

    /** Statement text pending at end of input (psql sends an unterminated last statement too). */
    String takeRemainder() {
        return takeStatement();
    }

    private void appendIfStarted(String text) {
        if (!statement.isEmpty()) {
            statement.append(text);
        }
    }

    private void appendIfStarted(char c) {
        if (!statement.isEmpty()) {
            statement.append(c);
        }
    }

    /**
     * psql's heuristic for SQL-standard function bodies: inside CREATE [OR REPLACE] FUNCTION|PROCEDURE, BEGIN
     * (and, once inside, CASE) opens a block that END closes, and semicolons within do not end the statement.
     */
    private void trackWord(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (wordCount < leadingWords.length && switch (lower) {
            case "create", "function", "procedure", "or", "replace" -> true;
            default -> false;
        }) {
            leadingWords[wordCount] = lower.charAt(0);
        }
        wordCount++;
        boolean routine = leadingWords[0] == 'c'
                && (leadingWords[1] == 'f' || leadingWords[1] == 'p'
                || (leadingWords[1] == 'o' && leadingWords[2] == 'r'
                && (leadingWords[3] == 'f' || leadingWords[3] == 'p')));
        if (routine && parenDepth == 0) {
            switch (lower) {
                case "begin" -> beginDepth++;
                case "case" -> {
                    if (beginDepth >= 1) {
                        beginDepth++;
                    }
                }
                case "end" -> {
                    if (beginDepth > 0) {
                        beginDepth--;
                    }
                }
                default -> {
                }
            }
        }
    }

    /** If a dollar-quote opener ($$ or $tag$) starts at {@code i}, the index just after it; else -1. */
    private int dollarTagEnd(String line, int i) {
        // A '$' continuing an identifier (a$b) or a parameter ($1) does not open a dollar quote.
        if (!statement.isEmpty() && isIdentifierPart(statement.charAt(statement.length() - 1))) {
            return -1;
        }
        int j = i + 1;
        if (j < line.length() && line.charAt(j) == '$') {
            return j + 1;
        }
        if (j >= line.length() || !isIdentifierStart(line.charAt(j))) {
            return -1;
        }
        while (j < line.length() && isIdentifierPart(line.charAt(j)) && line.charAt(j) != '$') {
            j++;
        }
        return j < line.length() && line.charAt(j) == '$' ? j + 1 : -1;
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
    }
}
