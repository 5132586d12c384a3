package dev.sotbackup.postgres.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's live counters: bytes loaded as they stream, and the selected entries' sizes as the total. */
class RestoreEngineCountersTest {

    @TempDir
    Path work;

    @Test
    void bytesLoadedReachesTheSelectedDataSizes() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String source = EveryKind.create(server, "counters_src");
        DumpedArchive archive = DumpedArchive.dump(server, source, work);
        long allTables = archive.toc().entries().stream().filter(TocEntry::isTableData)
                .mapToLong(archive::size).sum();

        for (int jobs : new int[] {1, 2}) {
            RestoreEngine engine = new RestoreEngine(archive::size);
            assertEquals(-1, engine.bytesToLoad());
            assertEquals(0, engine.bytesLoaded());
            String target = server.createDatabase("counters_dst");
            RestoreResult result = engine.restore(archive, ConnInfo.parse(server.conninfo(target)),
                    RestoreOptions.builder().jobs(jobs).build(), Reporter.silent());
            assertTrue(result.succeeded());
            assertEquals(allTables, engine.bytesToLoad());
            // COPY text sent (rowsBytes) plus large objects, plus at most each table's "\.\n\n\n" read with it.
            assertTrue(engine.bytesLoaded() >= result.rowsBytes(), engine.bytesLoaded() + " < " + result.rowsBytes());
            assertTrue(engine.bytesLoaded() <= result.rowsBytes() + largeObjectBytes(archive)
                    + 5L * result.tablesLoaded(), engine.bytesLoaded() + " vs " + result.rowsBytes());
            server.dropDatabase(target);
        }
    }

    @Test
    void excludedTableDataIsNotPartOfTheTotal() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String source = EveryKind.create(server, "counters_src2");
        DumpedArchive archive = DumpedArchive.dump(server, source, work);
        TocEntry biggest = archive.toc().entries().stream().filter(TocEntry::isTableData)
                .max(java.util.Comparator.comparingLong(archive::size)).orElseThrow();
        long allTables = archive.toc().entries().stream().filter(TocEntry::isTableData)
                .mapToLong(archive::size).sum();
        RestoreEngine engine = new RestoreEngine(archive::size);
        String target = server.createDatabase("counters_excl");
        engine.restore(archive, ConnInfo.parse(server.conninfo(target)), RestoreOptions.builder()
                .excludeTableData(List.of(NamePattern.parse(quoted(biggest.namespace()) + "." + quoted(biggest.tag()))))
                .build(),
                Reporter.silent());
        assertEquals(allTables - archive.size(biggest), engine.bytesToLoad());
        assertTrue(archive.size(biggest) > 0);
        server.dropDatabase(target);
    }

    @Test
    void withoutSizesTheTotalStaysUnknown() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String source = EveryKind.create(server, "counters_src3");
        DumpedArchive archive = DumpedArchive.dump(server, source, work);
        RestoreEngine engine = new RestoreEngine();
        String target = server.createDatabase("counters_nosize");
        engine.restore(archive, ConnInfo.parse(server.conninfo(target)), RestoreOptions.defaults(), Reporter.silent());
        assertEquals(-1, engine.bytesToLoad());
        assertTrue(engine.bytesLoaded() > 0);
        server.dropDatabase(target);
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static long largeObjectBytes(DumpedArchive archive) throws Exception {
        long[] total = {0};
        for (TocEntry entry : archive.toc().entries()) {
            if (entry.isLargeObjectData()) {
                archive.forEachLargeObject(entry, (oid, content) -> total[0] += content.readAllBytes().length);
            }
        }
        return total[0];
    }
}
