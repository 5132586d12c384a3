package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Everything an archive holds, read through {@link ArchiveContents}: what reader tests compare. */
record ArchiveDump(Map<Integer, byte[]> data, Map<Long, byte[]> largeObjects) {

    static ArchiveDump readAll(ArchiveContents archive) throws IOException {
        Map<Integer, byte[]> data = new LinkedHashMap<>();
        Map<Long, byte[]> largeObjects = new LinkedHashMap<>();
        for (TocEntry entry : archive.toc().dataEntries()) {
            if (entry.isLargeObjectData()) {
                archive.forEachLargeObject(entry, (oid, content) -> largeObjects.put(oid, content.readAllBytes()));
            } else {
                try (InputStream in = archive.openData(entry)) {
                    data.put(entry.dumpId(), in.readAllBytes());
                }
            }
        }
        return new ArchiveDump(data, largeObjects);
    }
}
