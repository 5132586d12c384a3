package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session's live counters move while streams are written, before any commit. */
class BackupSessionCountersTest {

    @TempDir
    Path dir;

    @Test
    void bytesProcessedAndAddedAreLiveAndMatchTheStatistics() throws Exception {
        byte[] rows = RepoFixtures.rows(7, 2 << 20, i -> false);
        try (Repository repository = RepoFixtures.init(RepoFixtures.local(dir))) {
            BackupSession session = repository.startBackup("host", 2);
            try {
                assertEquals(0, session.bytesProcessed());
                StreamWriter stream = session.newStream();
                stream.write(rows, 0, rows.length / 2);
                long midway = session.bytesProcessed();
                assertTrue(midway > 0 && midway <= rows.length / 2, "chunks stored so far: " + midway);
                stream.write(rows, rows.length / 2, rows.length - rows.length / 2);
                stream.finish();
                assertEquals(rows.length, session.bytesProcessed(), "every byte, once the stream is finished");
            } finally {
                session.close(); // waits for the encoders
            }
            assertEquals(session.statistics().bytesProcessed(), session.bytesProcessed());
            assertEquals(session.statistics().bytesAdded(), session.bytesAdded());
            assertTrue(session.bytesAdded() > 0, "new data was packed");
        }
    }
}
