package dev.sotbackup.postgres.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** A dump's live counters: an estimate once the catalog is read, then every byte of table data produced. */
class DumpCountersTest {

    @Test
    void countsEveryTableDataByteAndEstimatesFromTableSizes() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String database = EveryKind.create(server, "counters");
        DumpCounters counters = new DumpCounters();
        assertEquals(-1, counters.estimatedBytes());
        try (Dumper dumper = Dumper.open(() -> server.connect(database), CatalogOptions.everything(), 2,
                Long.MAX_VALUE, "test", Reporter.silent(), counters)) {
            assertTrue(counters.estimatedBytes() > 0, "estimate: " + counters.estimatedBytes());
            assertEquals(0, counters.bytesDumped(), "nothing dumped before the data is read");
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            int tables = 0;
            for (TocEntry entry : dumper.catalog().toc().dataEntries()) {
                if (entry.isLargeObjectData()) {
                    dumper.forEachLargeObject(entry, (oid, content) -> content.transferTo(data));
                } else {
                    tables++;
                    for (DataPart part : dumper.dataParts(entry)) {
                        part.writeTo(data);
                    }
                }
            }
            assertTrue(tables > 0);
            // Everything but the constant "\.\n\n\n" after each table is counted.
            assertEquals(data.size() - (long) tables * Dumper.COPY_TERMINATOR.length, counters.bytesDumped());
            assertTrue(counters.bytesDumped() > 0);
        }
    }

    @Test
    void aDumpWithoutTableDataEstimatesZero() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String database = server.createDatabase("counters_empty");
        DumpCounters counters = new DumpCounters();
        try (Dumper ignored = Dumper.open(() -> server.connect(database), CatalogOptions.everything(), 1,
                Long.MAX_VALUE, "test", Reporter.silent(), counters)) {
            assertEquals(0, counters.estimatedBytes());
            assertEquals(0, counters.bytesDumped());
        }
    }
}
