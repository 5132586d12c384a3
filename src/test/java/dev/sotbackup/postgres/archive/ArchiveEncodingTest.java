package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.restore.PgRestore;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.restore.RestoreTarget;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archives of databases that are not UTF8: stock pg_dump writes their TOC strings in the database's encoding (the
 * one its ENCODING entry names), so strict decoding must decode them in that encoding, not refuse them or turn
 * their names into U+FFFD.
 */
class ArchiveEncodingTest {

    private static final TestServer server = PostgresServers.embedded(15);

    @TempDir
    Path work;

    @ParameterizedTest(name = "-F{0}")
    @ValueSource(strings = {"c", "d", "t"})
    void aStockArchiveOfALatin1DatabaseReadsItsNamesAndRestoresThem(String format) throws Exception {
        Path pgDump = Oracles.require("pg_dump", server);
        String source = database("LATIN1");
        try (Connection c = server.connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE public.\"café\" (id int PRIMARY KEY, \"naïve\" text"
                    + " CONSTRAINT \"prüf\" CHECK (\"naïve\" <> 'ß'))");
            st.execute("INSERT INTO public.\"café\" VALUES (1, 'señor'), (2, 'ÄÖÜ')");
            st.execute("COMMENT ON TABLE public.\"café\" IS 'Kaffee für alle'");
        }
        Path archive = work.resolve("latin1." + format);
        Oracles.run(true, List.of(pgDump.toString(), "-F" + format, "-f", archive.toString(),
                "-d", server.conninfo(source)));
        assertTrue(containsLatin1(archive, "CREATE TABLE public.\"café\""), "pg_dump wrote the TOC in LATIN1");

        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            TocEntry table = contents.toc().entries().stream().filter(e -> e.desc().equals("TABLE")).findFirst()
                    .orElseThrow();
            assertEquals("café", table.tag());
            assertTrue(table.defn().contains("CONSTRAINT \"prüf\" CHECK"), table.defn());
        }

        String target = database("UTF8");
        PgRestore.run(new PgRestore.Request(archive, PgRestore.Action.RESTORE,
                ConnInfo.parse(server.conninfo(target)), RestoreOptions.defaults(), null, null,
                new RestoreTarget.InPlace()),
                Reporter.silent());
        assertEquals(List.of("café|prüf|Kaffee für alle|señor,ÄÖÜ"), query(target, """
                SELECT c.relname || '|' || k.conname || '|' || obj_description(c.oid) || '|'
                       || (SELECT string_agg("naïve", ',' ORDER BY id) FROM public."café")
                  FROM pg_class c JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'c'
                 WHERE c.relname = 'café'"""));
        server.dropDatabase(source);
        server.dropDatabase(target);
    }

    /** pg restore -f: the script says SET client_encoding = 'LATIN1', so its text must be LATIN1 too. */
    @Test
    void aLatin1ArchiveBecomesALatin1ScriptThatRestores() throws Exception {
        Path pgDump = Oracles.require("pg_dump", server);
        String source = database("LATIN1");
        try (Connection c = server.connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE public.\"café\" (\"naïve\" text)");
            st.execute("INSERT INTO public.\"café\" VALUES ('señor')");
        }
        Path archive = work.resolve("latin1.dump");
        Oracles.run(true, List.of(pgDump.toString(), "-Fc", "-f", archive.toString(), "-d", server.conninfo(source)));
        Path script = work.resolve("latin1.sql");
        PgRestore.run(new PgRestore.Request(archive, PgRestore.Action.SCRIPT, null, RestoreOptions.defaults(), script,
                null, new RestoreTarget.InPlace()), Reporter.silent());
        assertTrue(containsLatin1(script, "CREATE TABLE public.\"café\""), "the script's text is LATIN1");

        String target = database("UTF8");
        PgRestore.run(new PgRestore.Request(script, PgRestore.Action.RESTORE, ConnInfo.parse(server.conninfo(target)),
                RestoreOptions.defaults(), null, null, new RestoreTarget.InPlace()), Reporter.silent());
        assertEquals(List.of("café|señor"), query(target,
                "SELECT c.relname || '|' || (SELECT \"naïve\" FROM public.\"café\") FROM pg_class c"
                        + " WHERE c.relname = 'café'"));
        server.dropDatabase(source);
        server.dropDatabase(target);
    }

    /** SQL_ASCII stores bytes unchecked; applications put UTF-8 in it, which reads as UTF-8. */
    @Test
    void aStockArchiveOfASqlAsciiDatabaseHoldingUtf8Reads() throws Exception {
        Path pgDump = Oracles.require("pg_dump", server);
        String source = database("SQL_ASCII");
        try (Connection c = server.connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE public.\"größe\" (id int)");
        }
        Path archive = work.resolve("sql_ascii.dump");
        Oracles.run(true, List.of(pgDump.toString(), "-Fc", "-f", archive.toString(), "-d",
                server.conninfo(source)));
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            assertTrue(contents.toc().entries().stream().anyMatch(e -> e.tag().equals("größe")),
                    contents.toc().entries().toString());
        }
        server.dropDatabase(source);
    }

    private static String database(String encoding) {
        String name = server.createDatabase("enc_" + encoding.toLowerCase(java.util.Locale.ROOT));
        server.dropDatabase(name);
        server.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING '" + encoding
                + "' LC_COLLATE 'C' LC_CTYPE 'C'");
        return name;
    }

    /** Whether the archive (a file, or a directory's toc.dat) holds {@code text} as LATIN1 bytes. */
    private static boolean containsLatin1(Path archive, String text) throws Exception {
        byte[] bytes = Files.readAllBytes(Files.isDirectory(archive) ? archive.resolve("toc.dat") : archive);
        byte[] wanted = text.getBytes(Charset.forName("ISO-8859-1"));
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
                return !Arrays.equals(wanted, text.getBytes(StandardCharsets.UTF_8));
            }
        }
        return false;
    }

    private static List<String> query(String database, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
