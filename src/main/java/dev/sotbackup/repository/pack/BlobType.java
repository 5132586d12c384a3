package dev.sotbackup.repository.pack;

/** Blob types as stored in pack headers and the index (format §5). */
public enum BlobType {
    /** Stream chunks: COPY text, file contents, Redis values. */
    DATA(0),
    /** Metadata documents: a component's TOC, directory listings. */
    TREE(1);

    private final int code;

    BlobType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or {@code null} when no type has it (the caller reports the corrupt record). */
    public static BlobType fromCode(int code) {
        return switch (code) {
            case 0 -> DATA;
            case 1 -> TREE;
            default -> null;
        };
    }
}
