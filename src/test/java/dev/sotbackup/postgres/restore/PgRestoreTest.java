package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.TestContents;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgRestoreTest {

    /** Each large object is several times anything a streaming writer buffers on its way to the script. */
    private static final int LARGE_OBJECT_BYTES = 4 << 20;
    /** How far a large object may be read ahead of what reached the script: the writer's own buffers. */
    private static final long READ_AHEAD_ALLOWED = 1 << 20;

    @Test
    void aScriptStreamsEachLargeObjectThroughWithoutHoldingIt() throws Exception {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        TestContents archive = new TestContents(toc(), entry -> List.of(),
                List.of(watched(70001, script), watched(70002, script)));

        PgRestore.writeScript(archive, RestoreOptions.defaults(), null, script, Reporter.silent());

        String text = script.toString(StandardCharsets.US_ASCII);
        int first = text.indexOf("SELECT pg_catalog.lo_open('70001', 131072);\n");
        int second = text.indexOf("SELECT pg_catalog.lo_open('70002', 131072);\n");
        assertTrue(first > 0 && second > first, text.substring(0, Math.min(text.length(), 2000)));
        long lowrites = text.lines().filter(line -> line.startsWith("SELECT pg_catalog.lowrite(0, ")).count();
        assertEquals(2L * LARGE_OBJECT_BYTES / 16384, lowrites, "one lowrite per 16 KiB, as pg_restore writes them");
    }

    /**
     * A large object whose content refuses to be read further ahead of the script than {@link #READ_AHEAD_ALLOWED}
     * (each byte arrives in the script as two hex digits): reading the whole object before writing it fails.
     */
    private static LargeObject watched(long oid, ByteArrayOutputStream script) {
        return new LargeObject(oid, new DataPart(LARGE_OBJECT_BYTES, () -> new InputStream() {
            private final int scriptAtOpen = script.size();
            private int handedOut;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                long written = (script.size() - scriptAtOpen) / 2;
                if (handedOut - written > READ_AHEAD_ALLOWED) {
                    throw new IOException("large object " + oid + " read " + (handedOut - written)
                            + " bytes ahead of the script");
                }
                if (handedOut == LARGE_OBJECT_BYTES) {
                    return -1;
                }
                int n = Math.min(length, LARGE_OBJECT_BYTES - handedOut);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) (handedOut + i);
                }
                handedOut += n;
                return n;
            }
        }));
    }

    private static Toc toc() {
        return new Toc(new ArchiveHeader(LocalDateTime.now(), "test", "15.0", "test"), List.of(
                entry(1, "ENCODING", "ENCODING", "SET client_encoding = 'UTF8';\n", false),
                entry(2, "STDSTRINGS", "STDSTRINGS", "SET standard_conforming_strings = 'on';\n", false),
                entry(3, "BLOBS", "BLOBS", null, true)));
    }

    private static TocEntry entry(int id, String tag, String desc, String defn, boolean hasData) {
        return new TocEntry(id, hasData, "0", "0", tag, desc, hasData ? Section.DATA : Section.PRE_DATA, defn, null,
                null, null, null, null, (char) 0, null, List.of());
    }
}
