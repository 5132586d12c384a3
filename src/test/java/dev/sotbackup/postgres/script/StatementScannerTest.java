package dev.sotbackup.postgres.script;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StatementScannerTest {

    /** Feeds text line by line, as the runner does, and collects the statements. */
    private static List<String> split(String script) {
        StatementScanner scanner = new StatementScanner();
        List<String> statements = new ArrayList<>();
        for (String line : script.split("(?<=\n)")) {
            int position = 0;
            while (position < line.length()) {
                int end = scanner.scan(line, position);
                if (end < 0) {
                    break;
                }
                statements.add(scanner.takeStatement());
                position = end;
            }
        }
        assertNull(scanner.openConstruct(), "nothing may stay open");
        String rest = scanner.takeRemainder();
        if (!rest.isEmpty()) {
            statements.add(rest);
        }
        return statements;
    }

    @Test
    void semicolonsInsideQuotesAndCommentsDoNotSplit() {
        List<String> statements = split("""
                SELECT 'a;b', 'it''s;', "we;ird""id" FROM t; -- trailing; comment
                /* block; /* nested; */ still; */ SELECT 2;
                SELECT E'back\\\\slash\\';still', 3;
                """);
        assertEquals(List.of(
                "SELECT 'a;b', 'it''s;', \"we;ird\"\"id\" FROM t",
                "SELECT 2",
                "SELECT E'back\\\\slash\\';still', 3"), statements);
    }

    @Test
    void dollarQuotedBodiesSpanLinesAndKeepSemicolons() {
        List<String> statements = split("""
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$
                BEGIN
                  RAISE NOTICE '$$;';
                  RETURN 1;
                END;
                $body$;
                SELECT $$a;b$$, $q$x$$y;$q$;
                SELECT a$b FROM t WHERE x = $1;
                """);
        assertEquals(3, statements.size(), statements.toString());
        assertEquals(true, statements.get(0).endsWith("END;\n$body$"));
        assertEquals("SELECT $$a;b$$, $q$x$$y;$q$", statements.get(1));
        assertEquals("SELECT a$b FROM t WHERE x = $1", statements.get(2));
    }

    @Test
    void sqlStandardFunctionBodyIsOneStatement() {
        List<String> statements = split("""
                CREATE OR REPLACE FUNCTION public.f(x integer) RETURNS integer
                    LANGUAGE sql
                    BEGIN ATOMIC
                 SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
                 SELECT 2;
                END;
                SELECT 3;
                """);
        assertEquals(2, statements.size(), statements.toString());
        assertEquals("SELECT 3", statements.get(1));
    }

    @Test
    void plainStringsTakeBackslashesLiterallyUnlessStandardConformingStringsIsOff() {
        assertEquals(List.of("SELECT 'C:\\'", "SELECT 2"), split("SELECT 'C:\\'; SELECT 2;"));

        StatementScanner scanner = new StatementScanner();
        scanner.setStandardConformingStrings(false);
        String line = "SELECT 'it\\'s;'; SELECT 2;";
        int end = scanner.scan(line, 0);
        assertEquals("SELECT 'it\\'s;'", scanner.takeStatement());
        assertEquals(line.length(), scanner.scan(line, end));
    }

    @Test
    void leadingCommentsAreDroppedAndUnterminatedLastStatementIsKept() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), split("-- header\n\n/* note */\nSELECT 1;\nSELECT 2"));
    }

    @Test
    void parenthesesProtectSemicolons() {
        assertEquals(List.of("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))"),
                split("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));"));
    }

    @Test
    void unquotedBackslashIsReportedAsMetaCommand() {
        StatementScanner scanner = new StatementScanner();
        assertEquals(-2, scanner.scan("\\connect foo\n", 0));
        assertEquals(0, scanner.metaCommandIndex());
    }

    @Test
    void openQuoteAtEndIsReported() {
        StatementScanner scanner = new StatementScanner();
        scanner.scan("SELECT $x$ never closed\n", 0);
        assertEquals("dollar-quoted string $x$", scanner.openConstruct());
    }
}
