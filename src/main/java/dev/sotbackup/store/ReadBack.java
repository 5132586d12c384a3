package dev.sotbackup.store;

import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.crypto.BlobId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Reads and decrypts every stream of a component: a tampered or missing pack fails here, in a drill, not during a
 * real restore.
 */
final class ReadBack {

    private ReadBack() {
    }

    /** The bytes the streams hold, each read to its end. */
    static long bytes(Repository repository, List<List<BlobId>> streams) throws IOException {
        long bytes = 0;
        for (List<BlobId> blobs : streams) {
            try (InputStream in = repository.openBlobs(blobs)) {
                bytes += in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return bytes;
    }

    /** The drill of a store that is only read back: every stream, and their total against the recorded one. */
    static DrillResult drill(Repository repository, String label, List<List<BlobId>> streams, long expectedBytes,
                             String what) throws IOException {
        long bytes = bytes(repository, streams);
        boolean ok = bytes == expectedBytes;
        return DrillResult.of(label, ok, streams.size() + " " + what + " read back, " + bytes + " bytes"
                + (ok ? "" : " (recorded " + expectedBytes + ")"));
    }
}
