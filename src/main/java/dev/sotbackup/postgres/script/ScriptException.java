package dev.sotbackup.postgres.script;

/**
 * A script stopped: a statement failed on the server, or the script itself is malformed or uses something we do
 * not run. The message starts with {@code <script>:<line>:} so that it points at the offending statement.
 */
public final class ScriptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long lineNumber;

    public ScriptException(String scriptName, long lineNumber, String message, Throwable cause) {
        super(scriptName + ":" + lineNumber + ": " + message, cause);
        this.lineNumber = lineNumber;
    }

    /** 1-based line in the script where the failing statement (or COPY data line, when known) is. */
    public long lineNumber() {
        return lineNumber;
    }
}
