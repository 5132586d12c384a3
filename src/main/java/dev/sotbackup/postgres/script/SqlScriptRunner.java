package dev.sotbackup.postgres.script;

import dev.sotbackup.postgres.sql.ClientEncodings;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.UnmappableCharacterException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a pg_dump plain-format script over JDBC, as {@code psql -v ON_ERROR_STOP=1 -f script} would: statement by
 * statement, streaming (the script is never held in memory, only the statement being run), {@code COPY ... FROM
 * stdin} data fed through pgjdbc's CopyManager, and the psql meta-commands pg_dump writes ({@code \connect},
 * {@code \restrict}/{@code &#92;unrestrict}, {@code \set}). It stops at the first failing statement with a
 * {@link ScriptException} naming the script line and carrying the server's message.
 *
 * <p>Transactions are the caller's business, as with psql: on an auto-commit connection every statement
 * commits on its own (the script's own BEGIN/COMMIT still work); on a connection with auto-commit off the whole
 * run is one transaction the caller commits or rolls back.
 */
public final class SqlScriptRunner {

    /** Opens a connection to another database of the same server, for {@code \connect}. */
    @FunctionalInterface
    public interface DatabaseSwitcher {
        Connection connect(String database) throws SQLException;
    }

    /** What a run did. */
    public record Summary(long statements, long copyStatements, long copyRows, long lines, long bytes) {
    }

    private static final Pattern COPY_FROM_STDIN =
            Pattern.compile("(?is)^COPY\\s.*\\sFROM\\s+STDIN\\b.*");
    private static final Pattern COPY_TO_STDOUT =
            Pattern.compile("(?is)^COPY\\s.*\\sTO\\s+STDOUT\\b.*");
    private static final Pattern SET_CLIENT_ENCODING =
            Pattern.compile("(?is)^SET\\s+(?:SESSION\\s+)?client_encoding\\s*(?:=|\\s+TO)\\s*'?([A-Za-z0-9_-]+)'?$");
    private static final Pattern SET_STANDARD_CONFORMING_STRINGS =
            Pattern.compile("(?is)^SET\\s+(?:SESSION\\s+)?standard_conforming_strings\\s*(?:=|\\s+TO)\\s*'?(on|off|true|false)'?$");
    private static final Pattern COPY_ERROR_LINE = Pattern.compile("COPY [^,]*, line (\\d+)");
    /** pg_dump's comment before each object: "-- Name: t t_check; Type: CONSTRAINT; Schema: public; Owner: …". */
    private static final Pattern OBJECT_HEADER =
            Pattern.compile("^-- (?:Data for )?Name: (.*); Type: ([^;]*); Schema: ([^;]*);");
    private static final int COPY_BUFFER_BYTES = 1 << 18;
    private static final int STATEMENT_EXCERPT = 200;

    private final DatabaseSwitcher switcher;
    private Connection connection;
    /** Whether {@link #connection} came from the switcher, and so is ours to close. */
    private boolean ownsConnection;
    private Statement statement;

    private String scriptName = "script";
    private Charset charset = StandardCharsets.UTF_8;
    private CharsetDecoder decoder = strictDecoder(charset);
    /** The object whose statements follow, from pg_dump's last comment header: what an error names. */
    private String currentObject;
    private final StatementScanner scanner = new StatementScanner();
    private long statements;
    private long copyStatements;
    private long copyRows;

    /** A runner for scripts without {@code \connect}. */
    public SqlScriptRunner(Connection connection) {
        this(connection, null);
    }

    /**
     * @param connection where the script starts; left open (the caller's), whereas connections opened for
     *                   {@code \connect} are closed by the runner when it leaves them or finishes
     * @param switcher   opens connections for {@code \connect}; null if the script must not switch databases
     */
    public SqlScriptRunner(Connection connection, DatabaseSwitcher switcher) {
        this.connection = connection;
        this.switcher = switcher;
    }

    /** Runs the script file; its name appears in error messages. */
    public Summary run(Path script) throws IOException {
        try (InputStream in = Files.newInputStream(script)) {
            return run(in, script.getFileName().toString());
        }
    }

    /** Runs a script from a stream (not closed here); {@code name} appears in error messages. */
    public Summary run(InputStream script, String name) throws IOException {
        this.scriptName = name;
        ScriptLineReader reader = new ScriptLineReader(script);
        long statementLine = 0;
        try {
            while (reader.next()) {
                String line = decode(reader);
                if (scanner.isIdle() && line.startsWith("-- ")) {
                    noteObjectHeader(line);
                }
                int position = 0;
                while (position < line.length()) {
                    int end = scanner.scan(line, position);
                    if (statementLine == 0 && scanner.hasText()) {
                        statementLine = reader.lineNumber();
                    }
                    if (end == StatementScanner.NEEDS_MORE) {
                        break;
                    }
                    if (end == -2) {
                        int at = scanner.metaCommandIndex();
                        if (!scanner.isIdle()) {
                            throw new ScriptException(scriptName, reader.lineNumber(),
                                    "psql meta-command inside an unterminated statement (started at line "
                                            + statementLine + "): " + line.substring(at).strip(), null);
                        }
                        metaCommand(line.substring(at).strip(), reader.lineNumber());
                        break; // a meta-command runs to the end of its line
                    }
                    String sql = scanner.takeStatement();
                    long startedAt = statementLine == 0 ? reader.lineNumber() : statementLine;
                    statementLine = 0;
                    position = end;
                    if (sql.isEmpty()) {
                        continue;
                    }
                    if (execute(sql, startedAt, reader)) {
                        break; // COPY data followed: the rest of this line was nothing but the newline
                    }
                }
            }
            String open = scanner.openConstruct();
            if (open != null) {
                throw new ScriptException(scriptName, statementLine, "unterminated " + open + " at end of script",
                        null);
            }
            String remainder = scanner.takeRemainder();
            if (!remainder.isEmpty()) {
                execute(remainder, statementLine, reader);
            }
            return new Summary(statements, copyStatements, copyRows, reader.lineNumber(), reader.bytesRead());
        } finally {
            closeOwnConnection();
        }
    }

    /** Runs one statement; returns true when it was a COPY FROM stdin whose data lines it consumed. */
    private boolean execute(String sql, long line, ScriptLineReader reader) throws IOException {
        if (startsWithIgnoreCase(sql, "COPY") && COPY_FROM_STDIN.matcher(sql).matches()) {
            copyIn(sql, line, reader);
            return true;
        }
        Matcher encoding = SET_CLIENT_ENCODING.matcher(sql);
        if (startsWithIgnoreCase(sql, "SET") && encoding.matches()) {
            // pgjdbc always talks UTF-8 and refuses other client encodings; the SET tells us how to read the
            // script's bytes from here on, and we convert.
            charset = ClientEncodings.forName(encoding.group(1)).orElseThrow(() -> new ScriptException(scriptName,
                    line, "unsupported client encoding " + encoding.group(1), null));
            decoder = strictDecoder(charset);
            statements++;
            return false;
        }
        Matcher conforming = SET_STANDARD_CONFORMING_STRINGS.matcher(sql);
        if (startsWithIgnoreCase(sql, "SET") && conforming.matches()) {
            String value = conforming.group(1).toLowerCase(Locale.ROOT);
            scanner.setStandardConformingStrings(value.equals("on") || value.equals("true"));
        }
        try {
            if (startsWithIgnoreCase(sql, "COPY") && COPY_TO_STDOUT.matcher(sql).matches()) {
                // psql would print the rows; a restore has no use for them.
                connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, OutputStream.nullOutputStream());
            } else {
                Statement s = statement();
                s.execute(sql);
                s.clearWarnings(); // notices would otherwise pile up on the statement for the whole run
            }
        } catch (SQLException e) {
            throw failure(line, sql, e);
        }
        statements++;
        return false;
    }

    /** Streams the data lines after a COPY ... FROM stdin up to the "\." line into the server. */
    private void copyIn(String sql, long line, ScriptLineReader reader) throws IOException {
        long rows = 0;
        CopyIn copy;
        try {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        } catch (SQLException e) {
            throw failure(line, sql, e);
        }
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        int filled = 0;
        boolean utf8 = charset.equals(StandardCharsets.UTF_8);
        try {
            while (true) {
                if (!reader.next()) {
                    throw new ScriptException(scriptName, reader.lineNumber(),
                            "end of script inside the data of the COPY at line " + line + " (no \\. line)", null);
                }
                if (reader.isEndOfCopy()) {
                    break;
                }
                byte[] data;
                int length;
                if (utf8) {
                    // Already what the server expects; the server validates the encoding.
                    data = reader.bytes();
                    length = reader.length();
                } else {
                    data = decode(reader).getBytes(StandardCharsets.UTF_8);
                    length = data.length;
                }
                if (filled + length > buffer.length) {
                    copy.writeToCopy(buffer, 0, filled);
                    filled = 0;
                }
                if (length > buffer.length) {
                    copy.writeToCopy(data, 0, length);
                } else {
                    System.arraycopy(data, 0, buffer, filled, length);
                    filled += length;
                }
                rows++;
            }
            if (filled > 0) {
                copy.writeToCopy(buffer, 0, filled);
            }
            copy.endCopy();
        } catch (SQLException e) {
            throw copyFailure(line, sql, e);
        } finally {
            cancelQuietly(copy);
        }
        statements++;
        copyStatements++;
        copyRows += rows;
    }

    private void metaCommand(String text, long line) {
        List<String> words = PsqlArguments.split(text.substring(1));
        String command = words.isEmpty() ? "" : words.getFirst();
        // The command name ends at the first non-letter, so "\connect" and "\c" parse alike.
        switch (command) {
            case "connect", "c" -> connect(words.subList(1, words.size()), line);
            case "restrict", "unrestrict" -> {
                // pg_dump 17.6+/16.10+/15.14+ guard against psql meta-command injection; nothing to do over JDBC.
            }
            case "set", "unset", "pset", "encoding" -> {
                // Display and psql-variable settings (\set ON_ERROR_STOP on): we always stop on errors.
            }
            default -> throw new ScriptException(scriptName, line,
                    "unsupported psql meta-command \\" + command + " (only \\connect, \\restrict, \\unrestrict "
                            + "and \\set are run)", null);
        }
    }

    private void connect(List<String> args, long line) {
        String database = null;
        for (String arg : args) {
            if (arg.startsWith("-reuse-previous") || arg.equals("-")) {
                continue;
            }
            if (database != null) {
                throw new ScriptException(scriptName, line,
                        "\\connect with a user, host or port is not supported: " + String.join(" ", args), null);
            }
            try {
                database = arg.contains("=") || arg.startsWith("postgres")
                        && arg.contains("://") ? PsqlArguments.conninfoDbname(arg) : arg;
            } catch (IllegalArgumentException e) {
                throw new ScriptException(scriptName, line, "\\connect: " + e.getMessage(), e);
            }
        }
        if (database == null) {
            throw new ScriptException(scriptName, line, "\\connect without a database name", null);
        }
        if (switcher == null) {
            throw new ScriptException(scriptName, line, "the script switches database (\\connect " + database
                    + ") but this run has no way to connect elsewhere", null);
        }
        Connection next;
        try {
            next = switcher.connect(database);
        } catch (SQLException e) {
            throw new ScriptException(scriptName, line, "\\connect " + database + ": " + e.getMessage(), e);
        }
        closeOwnConnection();
        connection = next;
        ownsConnection = true;
        // As psql does, a new connection starts with the server's defaults again.
        scanner.setStandardConformingStrings(true);
    }

    private Statement statement() throws SQLException {
        if (statement == null || statement.isClosed()) {
            statement = connection.createStatement();
            // The script is PostgreSQL SQL, not JDBC: {fn ...} and {d ...} must reach the server untouched.
            statement.setEscapeProcessing(false);
        }
        return statement;
    }

    private void noteObjectHeader(String line) {
        Matcher header = OBJECT_HEADER.matcher(line);
        if (header.find()) {
            String schema = header.group(3);
            currentObject = header.group(2) + " " + (schema.equals("-") ? "" : schema + ".") + header.group(1);
        }
    }

    /** The line in the script's encoding, strictly: a byte sequence invalid in it stops the run. */
    private String decode(ScriptLineReader reader) {
        ByteBuffer bytes = ByteBuffer.wrap(reader.bytes(), 0, reader.length());
        try {
            return decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            int at = bytes.position();
            int end = Math.min(at + Math.max(e instanceof MalformedInputException m ? m.getInputLength()
                    : e instanceof UnmappableCharacterException u ? u.getInputLength() : 1, 1), reader.length());
            throw new ScriptException(scriptName, reader.lineNumber(), "invalid byte sequence for encoding \""
                    + charset.name() + "\": 0x" + HexFormat.ofDelimiter(" 0x").formatHex(reader.bytes(), at, end)
                    + (currentObject == null ? "" : " in " + currentObject), e);
        }
    }

    private ScriptException failure(long line, String sql, SQLException e) {
        return new ScriptException(scriptName, line, e.getMessage() + "\n  in statement: " + excerpt(sql), e);
    }

    /** For a COPY, points at the bad data line when the server says which one it was. */
    private ScriptException copyFailure(long line, String sql, SQLException e) {
        long at = line;
        if (e instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            String where = server == null ? null : server.getWhere();
            if (where != null) {
                Matcher matcher = COPY_ERROR_LINE.matcher(where);
                if (matcher.find()) {
                    at = line + Long.parseLong(matcher.group(1));
                }
            }
        }
        return new ScriptException(scriptName, at, e.getMessage() + "\n  in COPY data of: " + excerpt(sql), e);
    }

    private static String excerpt(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= STATEMENT_EXCERPT ? oneLine : oneLine.substring(0, STATEMENT_EXCERPT) + "...";
    }

    private static void cancelQuietly(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // The COPY already failed; its error is the one worth reporting.
        }
    }

    private void closeOwnConnection() {
        try {
            if (statement != null) {
                statement.close();
            }
            if (ownsConnection && connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // Closing a connection we are done with; an error here changes nothing for the script.
        } finally {
            statement = null;
        }
    }

    private static boolean startsWithIgnoreCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static CharsetDecoder strictDecoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
