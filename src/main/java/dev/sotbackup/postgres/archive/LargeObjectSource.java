package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.TocEntry;

import java.util.List;

/**
 * Supplies the large objects whose contents belong to a BLOBS data entry (archive 1.14 has one BLOBS entry
 * for all of them; the BLOB entries in PRE_DATA only create them). The list may be lazy: each
 * {@link LargeObject#content()} is read only when written.
 */
@FunctionalInterface
public interface LargeObjectSource {

    LargeObjectSource NONE = entry -> List.of();

    List<LargeObject> largeObjects(TocEntry blobsEntry);
}
