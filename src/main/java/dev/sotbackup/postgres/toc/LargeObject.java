package dev.sotbackup.postgres.toc;

/**
 * One large object of a BLOBS entry (archive 1.14 has one BLOBS entry holding every large object's contents; the
 * BLOB entries in PRE_DATA only create them).
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
