package dev.sotbackup.postgres.archive;

/**
 * An archive format version (reference §1). We write 1.14.0 because it is the newest version that every
 * pg_restore from 13 to 18 accepts; the later layouts are kept one flag away for when 13–15 support is dropped.
 */
public record ArchiveVersion(int major, int minor, int rev) {

    /** pg_dump 12–15: compression stored as an int level, no relkind in TOC entries. */
    public static final ArchiveVersion V1_14 = new ArchiveVersion(1, 14, 0);

    /** pg_dump 17–18: compression stored as an algorithm byte, relkind int in every TOC entry. */
    public static final ArchiveVersion V1_16 = new ArchiveVersion(1, 16, 0);

    /** From 1.15 the header stores a compression algorithm byte instead of a zlib level int. */
    public boolean storesCompressionAlgorithm() {
        return major > 1 || minor >= 15;
    }

    /** From 1.16 each TOC entry carries its relkind as an int between tableam and owner. */
    public boolean storesRelkind() {
        return major > 1 || minor >= 16;
    }
}
