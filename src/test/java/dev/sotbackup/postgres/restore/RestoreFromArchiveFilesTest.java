package dev.sotbackup.postgres.restore;

import dev.sotbackup.cli.SotBackup;
import dev.sotbackup.postgres.archive.ArchiveReader;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restore engine on real archive files: written by our dump command and by stock pg_dump, read back with
 * {@link ArchiveReader}, restored into fresh databases equal to the source; and our {@code -l} listing of such
 * a file equal to stock {@code pg_restore -l}'s.
 */
class RestoreFromArchiveFilesTest {

    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();

    @TempDir
    Path work;

    private final TestServer server = PostgresServers.embedded(15);

    private String source(String name) {
        return SOURCES.computeIfAbsent(name, key -> {
            if (key.equals("every-kind")) {
                return EveryKind.create(server, "restore_file_src");
            }
            String db = server.createDatabase("restore_file_src");
            Fixtures.load(server, db, key);
            return db;
        });
    }

    private Path dump(String tool, String source, String format) {
        Path file = work.resolve("dump." + format);
        if (tool.equals("ours")) {
            StringWriter err = new StringWriter();
            int code = SotBackup.run(new String[]{"pg", "dump", "-F" + format, "-f", file.toString(), "-d",
                    server.conninfo(source(source))}, new ByteArrayOutputStream(), new PrintWriter(err, true));
            assertEquals(0, code, err.toString());
        } else {
            Path pgDump = Oracles.require("pg_dump", server);
            Oracles.run(true, List.of(pgDump.toString(), "-F" + format, "-f", file.toString(), "-d",
                    server.conninfo(source(source))));
        }
        return file;
    }

    @ParameterizedTest(name = "{0} pg_dump -F{2} of {1}, restored with -j {3}")
    @CsvSource({
            "ours, every-kind, c, 1",
            "ours, every-kind, c, 2",
            "ours, every-kind, d, 2",
            "ours, netbox-demo-v4.2.sql, c, 2",
            "stock, every-kind, c, 1",
            "stock, every-kind, d, 2",
            "stock, netbox-demo-v4.2.sql, c, 2",
    })
    void archiveFilesRestoreToAnIdenticalDatabase(String tool, String source, String format, int jobs)
            throws Exception {
        Path file = dump(tool, source, format);
        String target = server.createDatabase("restored_file");
        List<String> progress = new ArrayList<>();
        try (ArchiveContents archive = ArchiveReader.open(file)) {
            RestoreResult result = new RestoreEngine().restore(archive, ConnInfo.parse(server.conninfo(target)),
                    RestoreOptions.builder().jobs(jobs).chunkThreshold(1 << 16).build(),
                            Reporter.lines(progress::add));
            assertTrue(result.succeeded(), () -> String.join("\n", progress));
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source(source)),
                    DatabaseSnapshot.capture(server, target));
        } finally {
            server.dropDatabase(target);
        }
    }

    @ParameterizedTest(name = "{0} pg_dump -Fc of {1}")
    @CsvSource({"ours, every-kind", "stock, every-kind", "ours, netbox-demo-v4.2.sql"})
    void listingMatchesStockPgRestoreEntryForEntry(String tool, String source) throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        Path file = dump(tool, source, "c");
        String stock = Oracles.run(true, List.of(pgRestore.toString(), "-l", file.toString())).stdout();
        try (ArchiveContents archive = ArchiveReader.open(file)) {
            String ours = TocListing.format(archive.toc(),
                    EntrySelection.of(archive.toc(), RestoreOptions.defaults()), TocListing.ArchiveFacts.UNKNOWN,
                    false);
            assertEquals(entryLines(stock), entryLines(ours));
            assertTrue(ours.contains(";     dbname: " + source(source) + "\n"), ours);
            // Fed back as -L, the listing selects exactly the listed entries, in order.
            List<Integer> ids = TocListing.parseList(stock);
            EntrySelection selection = EntrySelection.of(archive.toc(), RestoreOptions.builder().useList(ids).build());
            assertEquals(ids, selection.ordered().stream().filter(selection::isSelected)
                    .map(e -> e.dumpId()).toList());
        }
    }

    private static List<String> entryLines(String listing) {
        return Arrays.stream(listing.split("\n")).filter(line -> !line.startsWith(";") && !line.isEmpty()).toList();
    }
}
