package dev.sotbackup.repository.chunker;

/**
 * One content-defined chunk: {@code data} (owned by the receiver, not copied again) found at {@code offset}
 * of its stream.
 */
public record Chunk(long offset, byte[] data) {
    public int length() {
        return data.length;
    }

    @Override
    public String toString() {
        return "Chunk[offset=" + offset + ", length=" + data.length + "]";
    }
}
