package dev.sotbackup.repository;

/**
 * Repository totals: {@code storedBytes} / {@code plainBytes} over the distinct indexed blobs, and
 * {@code referencedPlainBytes} over all snapshots' references counted per snapshot, so
 * {@link #dedupRatio()} is how much larger the snapshots are than what is stored before compression.
 */
public record Stats(int snapshots, long packs, long blobs, long storedBytes, long plainBytes,
                    long referencedPlainBytes) {
    public double dedupRatio() {
        return plainBytes == 0 ? 1.0 : (double) referencedPlainBytes / plainBytes;
    }

    public double compressionRatio() {
        return storedBytes == 0 ? 1.0 : (double) plainBytes / storedBytes;
    }
}
