package dev.sotbackup.postgres.archive;

/** The format byte in an archive header (reference §3). */
public enum ArchiveFormat {
    CUSTOM(1),
    /** The directory format's toc.dat says "tar" (3): pg_restore expects exactly that quirk. */
    DIRECTORY(3);

    private final int code;

    ArchiveFormat(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
