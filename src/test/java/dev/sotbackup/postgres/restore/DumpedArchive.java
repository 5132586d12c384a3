package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.dump.Dumper;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.testing.TestServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link ArchiveContents} made from our own dump of a test database, each data entry buffered in a temp
 * file: lets the restore engine be tested without any archive reader.
 */
final class DumpedArchive implements ArchiveContents {

    private final Toc toc;
    private final Map<Integer, Path> data = new HashMap<>();
    private final Map<Integer, List<LargeObject>> largeObjects = new HashMap<>();

    private DumpedArchive(Toc toc) {
        this.toc = toc;
    }

    static DumpedArchive dump(TestServer server, String database, Path work) throws Exception {
        try (Dumper dumper = Dumper.open(() -> server.connect(database), CatalogOptions.everything(), 1,
                Long.MAX_VALUE, "test", Reporter.silent())) {
            DumpedArchive archive = new DumpedArchive(dumper.catalog().toc());
            for (TocEntry entry : archive.toc.dataEntries()) {
                if (entry.isLargeObjectData()) {
                    List<LargeObject> objects = new ArrayList<>();
                    dumper.forEachLargeObject(entry,
                            (oid, content) -> objects.add(new LargeObject(oid, DataPart.of(content.readAllBytes()))));
                    archive.largeObjects.put(entry.dumpId(), objects);
                } else {
                    Path file = Files.createTempFile(work, "data-" + entry.dumpId(), ".copy");
                    try (OutputStream out = Files.newOutputStream(file)) {
                        for (DataPart part : dumper.dataParts(entry)) {
                            part.writeTo(out);
                        }
                    }
                    archive.data.put(entry.dumpId(), file);
                }
            }
            return archive;
        }
    }

    /** The uncompressed size of an entry's data, as an archive's size hint. */
    long size(TocEntry entry) {
        try {
            Path file = data.get(entry.dumpId());
            return file == null ? 0 : Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Toc toc() {
        return toc;
    }

    @Override
    public List<DataPart> dataParts(TocEntry entry) {
        Path file = data.get(entry.dumpId());
        return List.of(new DataPart(0, () -> {
            if (file == null) {
                throw new IOException("no data for " + entry.desc() + " " + entry.tag());
            }
            return Files.newInputStream(file);
        }));
    }

    @Override
    public LargeObjects largeObjects(TocEntry blobsEntry) {
        return LargeObjects.of(largeObjects.getOrDefault(blobsEntry.dumpId(), List.of()));
    }

    @Override
    public boolean supportsConcurrentReads() {
        return true;
    }

    @Override
    public void close() {
    }
}
