package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.DataPart;

/**
 * One large object's content for a BLOBS entry.
 *
 * @param oid     the large object's OID (unsigned 32-bit, hence a long)
 * @param content its bytes; {@link DataPart#sizeHint()} may be 0 when unknown
 */
public record LargeObject(long oid, DataPart content) {

    public LargeObject {
        if (oid < 0 || oid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("large object OID out of range: " + oid);
        }
    }
}
