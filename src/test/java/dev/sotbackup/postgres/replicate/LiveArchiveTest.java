package dev.sotbackup.postgres.replicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.restore.RestoreResult;
import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.TestContents;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A live database as an archive: what the restore engine gets from it, and how its streams behave. */
class LiveArchiveTest {

    private final TestServer server = PostgresServers.embedded(15);
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    @Test
    void everyKindOfObjectStreamsIntoAnIdenticalDatabase() throws Exception {
        String source = EveryKind.create(server, "live_src");
        String target = server.createDatabase("live_dst");
        try {
            try (LiveArchive archive = LiveArchive.open(conninfo(source), CatalogOptions.everything(), 2, 64L << 20,
                    Reporter.only(Reporter.Level.WARNING, progress::add))) {
                RestoreResult result = new RestoreEngine(archive::dataSize).restore(archive, conninfo(target),
                        RestoreOptions.builder().jobs(2).build(), Reporter.lines(progress::add));
                assertTrue(result.succeeded(), () -> String.join("\n", progress));
            }
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source),
                    DatabaseSnapshot.capture(server, target));
        } finally {
            server.dropDatabase(source);
            server.dropDatabase(target);
        }
    }

    @Test
    void aBigTableReadInRangesLoadsOverSeveralConnections() throws Exception {
        String source = server.createDatabase("live_big");
        String target = server.createDatabase("live_big_dst");
        try {
            try (Connection connection = server.connect(source); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE changes (id bigint PRIMARY KEY, body jsonb NOT NULL, note text)");
                statement.execute("INSERT INTO changes SELECT n, jsonb_build_object('n', n, 'pad', repeat('x', 200)),"
                        + " CASE WHEN n % 7 = 0 THEN E'tab\\there\\nnewline' END FROM generate_series(1, 20000) n");
                statement.execute("CREATE INDEX changes_body ON changes USING gin (body)");
                statement.execute("CREATE TABLE small (id int PRIMARY KEY REFERENCES changes)");
                statement.execute("INSERT INTO small SELECT n FROM generate_series(1, 100) n");
                statement.execute("VACUUM ANALYZE");
            }
            long rows;
            try (LiveArchive archive = LiveArchive.open(conninfo(source), CatalogOptions.everything(), 2, 256 << 10,
                    Reporter.lines(progress::add))) {
                TocEntry changes = archive.toc().dataEntries().stream().filter(e -> e.tag().equals("changes"))
                        .findFirst().orElseThrow();
                assertTrue(archive.dataSize(changes) > 4L << 20, "size hint " + archive.dataSize(changes));
                RestoreResult result = new RestoreEngine(archive::dataSize).restore(archive, conninfo(target),
                        RestoreOptions.builder().jobs(3).chunkThreshold(1 << 20).build(),
                                Reporter.lines(progress::add));
                assertTrue(result.succeeded(), () -> String.join("\n", progress));
                rows = archive.rowsStreamed();
                assertEquals(2, archive.tablesStreamed());
            }
            assertTrue(progress.stream().filter(line -> line.contains("(range ")).count() > 4,
                    "the big table was read as several ranges: " + progress);
            assertEquals(20100, rows);
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source),
                    DatabaseSnapshot.capture(server, target));
            try (Connection connection = server.connect(target); Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT count(*) FROM changes WHERE note IS NOT NULL")) {
                count.next();
                assertEquals(20000 / 7, count.getInt(1));
            }
        } finally {
            server.dropDatabase(source);
            server.dropDatabase(target);
        }
    }

    @Test
    void aFailingPartReachesTheReaderAsAnIOException() {
        DataPart failing = new DataPart(1000, () -> new InputStream() {
            private int delivered;

            @Override
            public int read() throws IOException {
                if (delivered++ < 1000) {
                    return 0;
                }
                throw new IOException("COPY failed: server closed the connection");
            }
        });
        LiveArchive archive = archive(entry -> List.of(bytes(1 << 20, 'a'), failing, terminator()), table(1));
        IOException failure = assertThrows(IOException.class, () -> {
            try (InputStream in = archive.openData(archive.toc().entries().get(0))) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        });
        assertTrue(failure.getMessage().contains("server closed the connection"), failure.getMessage());
        assertTrue(failure.getMessage().contains("public.t1"), failure.getMessage());
    }

    @Test
    void manyReadersShareOneConnectionWithoutDeadlock() {
        int tables = 4;
        int partBytes = 3 << 20;
        TocEntry[] entries = new TocEntry[tables];
        for (int i = 0; i < tables; i++) {
            entries[i] = table(i + 1);
        }
        Semaphore connection = new Semaphore(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        LiveArchive archive = archive(entry -> {
            List<DataPart> parts = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                parts.add(onConnection(bytes(partBytes, (char) ('a' + p)), connection, running, maxRunning));
            }
            parts.add(terminator());
            return parts;
        }, entries);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            ExecutorService readers = Executors.newFixedThreadPool(tables);
            try {
                List<Future<byte[]>> read = new ArrayList<>();
                for (TocEntry entry : entries) {
                    read.add(readers.submit(() -> {
                        try (InputStream in = archive.openData(entry)) {
                            return in.readAllBytes();
                        }
                    }));
                }
                for (Future<byte[]> result : read) {
                    byte[] all = result.get();
                    assertEquals(4L * partBytes + 5, all.length);
                    assertEquals('a', all[0]);
                    assertEquals('b', all[partBytes]);
                    assertEquals('d', all[4 * partBytes - 1]);
                    assertArrayEquals("\\.\n\n\n".getBytes(), Arrays.copyOfRange(all, all.length - 5, all.length));
                }
            } finally {
                readers.shutdownNow();
            }
        });
        assertEquals(1, maxRunning.get(), "never more parts at once than source connections");
        assertEquals(tables * 4L * partBytes + tables * 5L, archive.bytesStreamed());
    }

    @Test
    void aReaderClosedEarlyFreesItsConnection() {
        AtomicInteger cancelled = new AtomicInteger();
        DataPart endless = new DataPart(0, () -> new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                Arrays.fill(buffer, offset, offset + length, (byte) 'x');
                return length;
            }

            @Override
            public void close() {
                cancelled.incrementAndGet();
            }
        });
        TocEntry first = table(1);
        TocEntry second = table(2);
        Semaphore connection = new Semaphore(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        LiveArchive archive = archive(entry -> List.of(
                onConnection(entry == first ? endless : bytes(1000, 'z'), connection, running, maxRunning),
                terminator()), first, second);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (InputStream in = archive.openData(first)) {
                in.readNBytes(1 << 20);
            }
            try (InputStream in = archive.openData(second)) {
                assertEquals(1005, in.readAllBytes().length);
            }
        });
        assertEquals(1, cancelled.get());
    }

    @Test
    void newlinesAreCountedExactly() {
        java.util.Random random = new java.util.Random(7);
        for (int length = 0; length < 200; length++) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                int pick = random.nextInt(6);
                bytes[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x8A : pick == 2 ? 0x0B : pick == 3 ? 0 : pick == 4 ? 0x09
                        : random.nextInt(256));
            }
            long expected = 0;
            for (byte b : bytes) {
                expected += b == '\n' ? 1 : 0;
            }
            assertEquals(expected, LiveArchive.countNewlines(bytes), "length " + length);
        }
    }

    /** A live archive over a source that serves each entry's data as {@code parts} says. */
    private static LiveArchive archive(Function<TocEntry, List<DataPart>> parts, TocEntry... entries) {
        Toc toc = new Toc(new ArchiveHeader(LocalDateTime.now(), "test", "15.0", "test"), List.of(entries));
        return new LiveArchive(new TestContents(toc, parts, List.of()));
    }

    private static TocEntry table(int id) {
        return new TocEntry(id, true, "0", "0", "t" + id, "TABLE DATA", Section.DATA, "", "",
                "COPY public.t" + id + " (v) FROM stdin;\n", "public", "", null, (char) 0, "postgres", List.of());
    }

    private static DataPart bytes(int length, char fill) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) fill);
        return DataPart.of(bytes);
    }

    private static DataPart terminator() {
        return DataPart.of("\\.\n\n\n".getBytes());
    }

    /**
     * A part that holds one of the source's connections while it is open, as the dumper's COPY parts do; opening
     * it waits for a free one.
     */
    private static DataPart onConnection(DataPart part, Semaphore connections, AtomicInteger running,
                                         AtomicInteger maxRunning) {
        return new DataPart(part.sizeHint(), () -> {
            connections.acquireUninterruptibly();
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            return new FilterInputStream(part.open()) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        running.decrementAndGet();
                        connections.release();
                        super.close();
                    }
                }
            };
        });
    }

    private ConnInfo conninfo(String database) {
        return ConnInfo.parse(server.conninfo(database));
    }
}
