package dev.sotbackup.postgres.script;

import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlScriptRunnerTest {

    private final TestServer server = PostgresServers.embedded(15);
    private String database;

    @BeforeEach
    void createDatabase() {
        database = server.createDatabase("script");
    }

    @AfterEach
    void dropDatabase() {
        server.dropDatabase(database);
    }

    private SqlScriptRunner.Summary run(String script) throws Exception {
        try (Connection connection = server.connect(database)) {
            return new SqlScriptRunner(connection, server::connect)
                    .run(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), "test.sql");
        }
    }

    private String queryString(String sql) throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.NETBOX_V37, Fixtures.NETBOX_V42})
    void netboxFixtureLoadsWithEveryCopyRow(String fixture) throws Exception {
        Map<String, Long> copyLines = countCopyLines(Fixtures.path(fixture));
        SqlScriptRunner.Summary summary = Fixtures.load(server, database, fixture);

        assertEquals(copyLines.size(), summary.copyStatements());
        assertEquals(copyLines.values().stream().mapToLong(Long::longValue).sum(), summary.copyRows());
        int checked = 0;
        for (String table : new String[] {"public.dcim_device", "public.dcim_interface", "public.ipam_ipaddress",
                "public.dcim_site", "public.auth_permission", "public.django_migrations"}) {
            Long expected = copyLines.get(table);
            if (expected == null) {
                continue;
            }
            assertEquals(expected.toString(), queryString("SELECT count(*) FROM " + table), table);
            checked++;
        }
        assertTrue(checked >= 4, "the fixture should have the usual NetBox tables");
        assertTrue(copyLines.get("public.dcim_interface") > 100, "the fixture is expected to carry real data");
    }

    /** COPY data lines per table, counted straight from the file. */
    private static Map<String, Long> countCopyLines(Path script) throws IOException {
        Pattern copy = Pattern.compile("^COPY (\\S+) .*FROM stdin;$");
        Map<String, Long> counts = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(script)) {
            String table = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (table == null) {
                    Matcher matcher = copy.matcher(line);
                    if (matcher.matches()) {
                        table = matcher.group(1);
                        counts.put(table, 0L);
                    }
                } else if (line.equals("\\.")) {
                    table = null;
                } else {
                    counts.merge(table, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** Stock pg_dump's plain output of the every-kind database, replayed by us, gives the same database. */
    @Test
    void replaysStockPlainDumpOfEveryKindIndistinguishably(@TempDir Path temp) throws Exception {
        Path pgDump = Oracles.require("pg_dump", server);
        String source = EveryKind.create(server, "script_src");
        try {
            Path script = temp.resolve("every-kind-dump.sql");
            Oracles.run(true, List.of(pgDump.toString(), "-f", script.toString(), "-d", server.conninfo(source)));
            SqlScriptRunner.Summary summary = Fixtures.loadScript(server, database, script);
            assertTrue(summary.copyRows() > 200, summary.toString());
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source),
                    DatabaseSnapshot.capture(server, database));
        } finally {
            server.dropDatabase(source);
        }
    }

    @Test
    void awkwardStatementsRunIntact() throws Exception {
        run("""
                -- a comment; with a semicolon
                /* block /* nested; */ comment; */
                CREATE TABLE t (id int, s text);
                CREATE FUNCTION add_row(x text) RETURNS void LANGUAGE plpgsql AS $fn$
                BEGIN
                    -- semicolons; inside the body
                    INSERT INTO t VALUES (1, x || ';' || $$$$);
                END;
                $fn$;
                SELECT add_row('a;b');
                INSERT INTO t VALUES (2, 'back\\slash; and ''quote'''), (3, E'tab\\there;\\\\'); INSERT INTO t VALUES (4, 'multi
                line;
                text');
                CREATE FUNCTION atomic_one() RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT 1;
                END;
                """);
        assertEquals("a;b;", queryString("SELECT s FROM t WHERE id = 1"));
        assertEquals("back\\slash; and 'quote'", queryString("SELECT s FROM t WHERE id = 2"));
        assertEquals("tab\there;\\", queryString("SELECT s FROM t WHERE id = 3"));
        assertEquals("multi\nline;\ntext", queryString("SELECT s FROM t WHERE id = 4"));
        assertEquals("1", queryString("SELECT atomic_one()"));
    }

    @Test
    void copyDataKeepsEscapesNullsAndCarriageReturns() throws Exception {
        SqlScriptRunner.Summary summary = run("CREATE TABLE c (id int, s text, b bytea);\n"
                + "COPY c (id, s, b) FROM stdin;\n"
                + "1\ttab\\there\\nnewline\\\\\t\\\\x00ff\n"
                + "2\t\\N\t\\N\n"
                + "3\t\t\\\\x\n"
                + "4\tcr\\rhere ünï 🐘\t\\\\x0a0d\n"
                + "\\.\n"
                + "SELECT 1;\n");
        assertEquals(1, summary.copyStatements());
        assertEquals(4, summary.copyRows());
        assertEquals("tab\there\nnewline\\", queryString("SELECT s FROM c WHERE id = 1"));
        assertEquals("true", queryString("SELECT (s IS NULL AND b IS NULL)::text FROM c WHERE id = 2"));
        assertEquals("true", queryString("SELECT (s = '')::text FROM c WHERE id = 3"));
        assertEquals("cr\rhere ünï 🐘", queryString("SELECT s FROM c WHERE id = 4"));
        assertEquals("\\x0a0d", queryString("SELECT b::text FROM c WHERE id = 4"));
    }

    @Test
    void largeObjectsAndBackslashMetaCommandsPgDumpWrites() throws Exception {
        run("""
                \\restrict abc123
                \\set ON_ERROR_STOP on
                BEGIN;
                SELECT pg_catalog.lo_create('424242');
                SELECT pg_catalog.lo_open('424242', 131072);
                SELECT pg_catalog.lowrite(0, '\\x68656c6c6f');
                SELECT pg_catalog.lo_close(0);
                COMMIT;
                \\unrestrict abc123
                """);
        assertEquals("hello", queryString("SELECT convert_from(lo_get(424242), 'UTF8')"));
    }

    @Test
    void connectSwitchesToQuotedDatabaseName() throws Exception {
        String other = server.createDatabase("Script Other");
        try {
            String quotedName = other.replace("'", "\\'");
            run("CREATE TABLE here (x int);\n"
                    + "\\connect -reuse-previous=on \"dbname='" + quotedName + "'\"\n"
                    + "CREATE TABLE there (x int);\n"
                    + "\\connect " + database + "\n"
                    + "CREATE TABLE back_here (x int);\n");
            assertEquals("2", queryString("SELECT count(*) FROM pg_tables WHERE tablename IN ('here', 'back_here')"));
            try (Connection connection = server.connect(other); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'there'")) {
                rows.next();
                assertEquals(1, rows.getInt(1));
            }
        } finally {
            server.dropDatabase(other);
        }
    }

    @Test
    void stopsAtFirstErrorWithLineNumberAndServerMessage() throws Exception {
        ScriptException error = assertThrows(ScriptException.class, () -> run("""
                CREATE TABLE ok (x int);

                INSERT INTO ok
                  VALUES (1);
                SELECT * FROM
                  missing_table;
                CREATE TABLE never (x int);
                """));
        assertEquals(5, error.lineNumber());
        assertTrue(error.getMessage().startsWith("test.sql:5: "), error.getMessage());
        assertTrue(error.getMessage().contains("relation \"missing_table\" does not exist"), error.getMessage());
        assertEquals("1", queryString("SELECT count(*) FROM ok"));
        assertEquals("0", queryString("SELECT count(*) FROM pg_tables WHERE tablename = 'never'"));
    }

    @Test
    void badCopyRowIsReportedAtItsScriptLine() {
        ScriptException error = assertThrows(ScriptException.class, () -> run("""
                CREATE TABLE n (x int);
                COPY n (x) FROM stdin;
                1
                2
                not a number
                \\.
                """));
        assertEquals(5, error.lineNumber(), error.getMessage());
        assertTrue(error.getMessage().contains("invalid input syntax for type integer"), error.getMessage());
    }

    @Test
    void unknownMetaCommandIsAClearError() {
        ScriptException error = assertThrows(ScriptException.class, () -> run("SELECT 1;\n\\i other.sql\n"));
        assertEquals(2, error.lineNumber());
        assertTrue(error.getMessage().contains("unsupported psql meta-command \\i"), error.getMessage());
    }

    @Test
    void truncatedCopyDataIsAnError() {
        ScriptException error = assertThrows(ScriptException.class,
                () -> run("CREATE TABLE n (x int);\nCOPY n (x) FROM stdin;\n1\n2\n"));
        assertTrue(error.getMessage().contains("no \\. line"), error.getMessage());
    }

    /** A flipped byte in a constraint name stops the script at its line, naming the object pg_dump's header names. */
    @Test
    void invalidUtf8InAConstraintNameStopsTheScriptNamingItsLineAndObject() throws Exception {
        byte[] head = """
                --
                -- Name: item; Type: TABLE; Schema: public; Owner: postgres
                --

                CREATE TABLE public.item (
                    id integer,
                    name text CONSTRAINT name_""".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "set CHECK (name <> '')\n);\n".getBytes(StandardCharsets.US_ASCII);
        byte[] script = concat(head, new byte[] {(byte) 0xC3, '('}, tail);
        ScriptException error;
        try (Connection connection = server.connect(database)) {
            error = assertThrows(ScriptException.class,
                    () -> new SqlScriptRunner(connection).run(new ByteArrayInputStream(script), "flipped.sql"));
        }
        assertEquals("flipped.sql:7: invalid byte sequence for encoding \"UTF-8\": 0xc3 in TABLE public.item",
                error.getMessage());
        assertEquals("0", queryString("SELECT count(*) FROM pg_tables WHERE tablename = 'item'"));
    }

    @Test
    void latin1ScriptIsDecodedAfterSetClientEncoding() throws Exception {
        byte[] head = "SET client_encoding = 'LATIN1';\nCREATE TABLE l (s text);\nINSERT INTO l VALUES ('"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] value = "café".getBytes(Charset.forName("ISO-8859-1"));
        byte[] tail = "');\nCOPY l (s) FROM stdin;\n".getBytes(StandardCharsets.US_ASCII);
        byte[] copyRow = "naïve\n\\.\n".getBytes(Charset.forName("ISO-8859-1"));
        byte[] script = concat(head, value, tail, copyRow);
        try (Connection connection = server.connect(database)) {
            new SqlScriptRunner(connection).run(new ByteArrayInputStream(script), "latin1.sql");
        }
        assertEquals("café,naïve", queryString("SELECT string_agg(s, ',' ORDER BY s) FROM l"));
        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9},
                queryString("SELECT s FROM l WHERE s LIKE 'c%'").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
