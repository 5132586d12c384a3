package dev.sotbackup.postgres.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pg_dump's rules for -n/-t patterns that find nothing, checked against stock pg_dump 15's behaviour. */
class IncludePatternsTest {

    private static TestServer server;
    private static String database;

    @BeforeAll
    static void schema() throws SQLException {
        server = PostgresServers.embedded(15);
        database = ObjectReaderTestKit.database(server, "include_patterns", """
                CREATE SCHEMA app;
                CREATE SCHEMA ops;
                CREATE TABLE app.item (id int);
                CREATE VIEW app.item_view AS SELECT id FROM app.item;
                CREATE SEQUENCE ops.counter;
                """);
    }

    @Test
    void tablePatternsThatTogetherMatchNothingFail() throws SQLException {
        assertEquals("no matching tables were found", failure(options(List.of(), List.of("nosuch"), false)));
        assertEquals("no matching tables were found", failure(options(List.of(), List.of("nosuch", "app.x*"), false)));
        check(options(List.of(), List.of("nosuch", "item"), false)); // one matching pattern is enough
        check(options(List.of(), List.of("item_view"), false));       // views, sequences count as tables
        check(options(List.of(), List.of("ops.counter"), false));
    }

    @Test
    void schemaPatternsThatTogetherMatchNothingFail() throws SQLException {
        assertEquals("no matching schemas were found", failure(options(List.of("nosuch"), List.of(), false)));
        check(options(List.of("nosuch", "a*"), List.of(), false));
        // Schemas are checked first, as pg_dump expands them first.
        assertEquals("no matching schemas were found", failure(options(List.of("nosuch"), List.of("nosuch"), false)));
    }

    @Test
    void withStrictNamesEveryPatternMustMatch() throws SQLException {
        assertEquals("no matching tables were found for pattern \"nosuch\"",
                failure(options(List.of(), List.of("item", "nosuch"), true)));
        assertEquals("no matching schemas were found for pattern \"nope\"",
                failure(options(List.of("app", "nope"), List.of(), true)));
        check(options(List.of("app", "ops"), List.of("item", "ops.counter"), true));
    }

    @Test
    void tablesMatchWhateverTheSchemaPatternsSay() throws SQLException {
        // pg_dump -n app -t ops.counter: -t overrides -n, so the table is found and dumped.
        CatalogOptions options = options(List.of("app"), List.of("ops.counter"), true);
        check(options);
        try (Connection c = server.connect(database)) {
            CatalogContext ctx = new CatalogContext(c, options);
            assertTrue(ctx.includeTable("ops", "counter"));
            assertFalse(ctx.includeTable("app", "item"), "-t picks the tables; -n adds none");
        }
    }

    @Test
    void exclusionPatternsNeverNeedToMatch() throws SQLException {
        CatalogOptions all = CatalogOptions.everything();
        check(new CatalogOptions(false, false, false, false, true, List.of(), patterns("nosuch"), List.of(),
                patterns("nosuch"), patterns("nosuch"), true));
        check(all);
    }

    private static CatalogOptions options(List<String> schemas, List<String> tables, boolean strict) {
        return new CatalogOptions(false, false, false, false, false, patterns(schemas.toArray(String[]::new)),
                List.of(), patterns(tables.toArray(String[]::new)), List.of(), List.of(), strict);
    }

    private static List<NamePattern> patterns(String... texts) {
        return Arrays.stream(texts).map(NamePattern::parse).toList();
    }

    private static void check(CatalogOptions options) throws SQLException {
        try (Connection c = server.connect(database)) {
            IncludePatterns.check(new CatalogContext(c, options));
        }
    }

    private static String failure(CatalogOptions options) {
        return assertThrows(SelectionFailure.class, () -> check(options)).getMessage();
    }
}
