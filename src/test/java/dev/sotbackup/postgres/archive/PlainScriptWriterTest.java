package dev.sotbackup.postgres.archive;

import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainScriptWriterTest {

    private static TestServer server;

    @TempDir
    Path directory;

    @BeforeAll
    static void startServer() {
        server = PostgresServers.embedded(15);
    }

    @Test
    void scriptRunsCleanWithPsqlIntoAnEmptyDatabase() throws Exception {
        Path psql = Oracles.require("psql", server);
        SampleToc sample = new SampleToc(500, 3);
        Path script = directory.resolve("dump.sql");
        ArchiveFormat.PLAIN.write(sample.contents(), script, null,
                ArchiveWriterOptions.defaults().withScript(PlainScriptOptions.defaults()), note -> { });

        String database = server.createDatabase("plain");
        try {
            runPsql(psql, database, script);
            RestoreChecks.assertDatabaseMatches(server, database, sample);
        } finally {
            server.dropDatabase(database);
        }
    }

    @Test
    void cleanIfExistsScriptRunsTwiceInARow() throws Exception {
        Path psql = Oracles.require("psql", server);
        SampleToc sample = new SampleToc(200, 1);
        Path script = directory.resolve("clean.sql");
        ArchiveFormat.PLAIN.write(sample.contents(), script, null,
                ArchiveWriterOptions.defaults().withScript(PlainScriptOptions.defaults().withClean(true, true)),
                note -> { });

        String text = Files.readString(script);
        assertTrue(text.contains("DROP TABLE IF EXISTS app.\"Item\";\n"), text);
        assertTrue(text.indexOf("DROP INDEX IF EXISTS app.item_name;") < text.indexOf("DROP TABLE IF EXISTS"),
                "drops go in reverse TOC order");
        String database = server.createDatabase("plain_clean");
        try {
            runPsql(psql, database, script);
            runPsql(psql, database, script);
            RestoreChecks.assertDatabaseMatches(server, database, sample);
        } finally {
            server.dropDatabase(database);
        }
    }

    @Test
    void aclsComeAfterEverythingElseAndNoOwnerNoPrivilegesDropThem() throws Exception {
        SampleToc sample = new SampleToc(5, 1);
        String full = script(sample, PlainScriptOptions.defaults());
        assertTrue(full.indexOf("GRANT SELECT ON TABLE") > full.indexOf("CREATE INDEX item_name"),
                "ACL entries are printed in the second pass");
        assertTrue(full.contains("-- Name: TABLE \"Item\"; Type: ACL; Schema: app; Owner: postgres\n"));
        assertTrue(full.contains("ALTER TABLE app.\"Item\" OWNER TO postgres;\n"));

        String bare = script(sample, PlainScriptOptions.defaults().withNoOwner(true).withNoPrivileges(true));
        assertFalse(bare.contains("OWNER TO"), bare);
        assertFalse(bare.contains("GRANT"), bare);
        assertTrue(bare.contains("-- Name: Item; Type: TABLE; Schema: app; Owner: -\n"));
    }

    @Test
    void createPrintsTheDatabaseThenConnectsToIt() throws Exception {
        SampleToc sample = new SampleToc(5, 1);
        List<dev.sotbackup.postgres.toc.TocEntry> entries = new ArrayList<>(sample.toc().entries());
        entries.add(3, new dev.sotbackup.postgres.toc.TocEntry(14, false, "1262", "5", "My Db", "DATABASE",
                dev.sotbackup.postgres.toc.Section.PRE_DATA,
                "CREATE DATABASE \"My Db\" WITH TEMPLATE = template0 ENCODING = 'UTF8';\n",
                "DROP DATABASE \"My Db\";\n", null, null, null, null, '\0', "postgres", List.of()));
        var toc = new dev.sotbackup.postgres.toc.Toc(sample.toc().header(), entries);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveFormat.PLAIN.write(sample.contents().withToc(toc), null, out,
                ArchiveWriterOptions.defaults().withScript(
                        PlainScriptOptions.defaults().withCreate(true).withClean(true, true)), note -> { });
        String text = out.toString(StandardCharsets.UTF_8);

        assertTrue(text.contains("DROP DATABASE IF EXISTS \"My Db\";\n"), text);
        assertFalse(text.contains("DROP TABLE"), "with --create only the database is dropped");
        assertTrue(text.contains("ALTER DATABASE \"My Db\" OWNER TO postgres;\n\n"
                + "\\connect -reuse-previous=on \"dbname='My Db'\"\n\nSET statement_timeout = 0;"), text);
    }

    @Test
    void scriptMatchesWhatStockPgRestorePrintsForOurCustomArchive() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        SampleToc sample = new SampleToc(300, 3);
        Path archive = directory.resolve("same.dump");
        ArchiveFormat.CUSTOM.write(sample.contents(), archive, null, ArchiveWriterOptions.defaults(), note -> { });
        for (List<String> flags : List.of(List.<String>of(), List.of("-c", "--if-exists"), List.of("-O", "-x"))) {
            List<String> command = new ArrayList<>(List.of(pgRestore.toString(), "-f", "-"));
            command.addAll(flags);
            command.add(archive.toString());
            String stock = normalize(Oracles.run(true, command).stdout());
            PlainScriptOptions options = new PlainScriptOptions(flags.contains("-c"), flags.contains("--if-exists"),
                    false, flags.contains("-O"), flags.contains("-x"), null);
            assertEquals(stock, normalize(script(sample, options)), "flags " + flags);
        }
    }

    /**
     * pg_restore before 17 names sequences "ALTER TABLE" in OWNER TO; 17+ and we say "ALTER SEQUENCE".
     * Recent minor releases add psql \restrict lines with a random key.
     */
    private static String normalize(String script) {
        return script.replace("ALTER TABLE app.counter OWNER", "ALTER SEQUENCE app.counter OWNER")
                .replaceAll("(?m)^\\\\(un)?restrict .*\\n\\n?", "");
    }

    private static String script(SampleToc sample, PlainScriptOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveFormat.PLAIN.write(sample.contents(), null, out,
                ArchiveWriterOptions.defaults().withScript(options), note -> { });
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void runPsql(Path psql, String database, Path script) {
        Oracles.run(true, List.of(psql.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                server.conninfo(database), "-f", script.toString()));
    }
}
