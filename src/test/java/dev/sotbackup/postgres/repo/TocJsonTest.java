package dev.sotbackup.postgres.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.repository.crypto.BlobId;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TOC document as records: what format 1 stored reads back, and writes again as the very same blobs. */
class TocJsonTest {

    @Test
    void aFormat1TocWritesBackAsTheSameBlobsSoItStillDeduplicates() throws Exception {
        Path golden = Path.of(getClass().getResource("/repositories/format-1").toURI());
        try (Repository repository = Repository.open(new LocalBackend(golden),
                "golden repository of format 1".toCharArray())) {
            Component database = repository.loadSnapshot(repository.resolveSnapshot("latest")).components().stream()
                    .filter(c -> c.kind().equals(PostgresBody.KIND)).findFirst().orElseThrow();
            List<BlobId> stored = database.body(PostgresBody.class).orElseThrow().toc();
            ByteArrayOutputStream document = new ByteArrayOutputStream();
            for (BlobId id : stored) {
                document.write(repository.readBlob(id));
            }

            Toc toc = TocJson.read(document.toByteArray());
            List<byte[]> pieces = TocJson.pieces(toc);

            assertEquals(stored.size(), pieces.size());
            for (int i = 0; i < pieces.size(); i++) {
                assertArrayEquals(repository.readBlob(stored.get(i)), pieces.get(i), "piece " + i);
            }
            ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
            for (byte[] piece : pieces) {
                rewritten.write(piece);
            }
            assertEquals(toc, TocJson.read(rewritten.toByteArray()));
        }
    }
}
