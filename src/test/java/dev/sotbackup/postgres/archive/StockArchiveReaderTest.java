package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archives written by the stock pg_dump (15 on this machine: version 1.14, gzip or none) of the NetBox v4.2
 * fixture and of every-kind, read with our readers and compared with what the stock pg_restore makes of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockArchiveReaderTest {

    private TestServer server;
    private Path pgDump;
    private Path pgRestore;
    private Path directory;
    private final List<String> databases = new ArrayList<>();
    private String everyKind;
    private String netbox;

    @BeforeAll
    void createDatabases() throws IOException {
        server = PostgresServers.embedded(15);
        pgDump = Oracles.require("pg_dump", server);
        pgRestore = Oracles.require("pg_restore", server);
        directory = Files.createTempDirectory("stock-archives-");
        everyKind = EveryKind.create(server, "reader_every");
        databases.add(everyKind);
        netbox = server.createDatabase("reader_netbox");
        databases.add(netbox);
        Fixtures.load(server, netbox, Fixtures.NETBOX_V42);
    }

    @AfterAll
    void dropDatabases() throws IOException {
        databases.forEach(server::dropDatabase);
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The database, then pg_dump's options; "pipe" writes -Fc through a pipe, so without data offsets. */
    static Stream<List<String>> variants() {
        return Stream.concat(everyKindVariants(), Stream.of(
                List.of("netbox", "-Fc"), List.of("netbox", "-Fc", "-Z0"), List.of("netbox", "-Fd"),
                List.of("netbox", "-Fd", "-Z0"), List.of("netbox", "-Ft"), List.of("netbox", "-Fc", "pipe")));
    }

    static Stream<List<String>> everyKindVariants() {
        return Stream.of(
                List.of("every", "-Fc"), List.of("every", "-Fc", "-Z0"), List.of("every", "-Fd"),
                List.of("every", "-Fd", "-Z0"), List.of("every", "-Ft"), List.of("every", "-Fc", "pipe"));
    }

    private Path dump(List<String> variant) {
        String database = variant.get(0).equals("every") ? everyKind : netbox;
        Path archive = directory.resolve(String.join("", variant).replace("-", "_"));
        if (Files.exists(archive)) {
            return archive;
        }
        if (variant.contains("pipe")) {
            // pg_dump cannot seek back into a pipe, so every data offset stays "not set".
            Oracles.run(true, List.of("sh", "-c", "\"$0\" -d \"$1\" -Fc | cat > \"$2\"", pgDump.toString(),
                    server.conninfo(database), archive.toString()));
        } else {
            List<String> command = new ArrayList<>(List.of(pgDump.toString(), "-d", server.conninfo(database),
                    "-f", archive.toString()));
            command.addAll(variant.subList(1, variant.size()));
            Oracles.run(true, command);
        }
        return archive;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void tocListsTheSameEntriesAsPgRestore(List<String> variant) throws IOException {
        Path archive = dump(variant);
        String listing = Oracles.run(true, List.of(pgRestore.toString(), "-l", archive.toString())).stdout();
        List<String> theirs = listing.lines().filter(l -> !l.isBlank() && !l.startsWith(";")).toList();
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            // pg_restore -l (without -C) leaves out the special entries and the database's own entries.
            List<TocEntry> unlisted = contents.toc().entries().stream().filter(e -> !listed(e)).toList();
            List<String> ours = contents.toc().entries().stream().filter(StockArchiveReaderTest::listed)
                    .map(StockArchiveReaderTest::listingLine).toList();
            assertTrue(theirs.size() > 20, listing);
            assertEquals(theirs, ours);
            assertTrue(unlisted.stream().map(TocEntry::desc).toList().containsAll(
                    List.of("ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE")), unlisted::toString);

        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void tableDataIsByteIdenticalToPgRestoreScript(List<String> variant) throws IOException {
        Path archive = dump(variant);
        Path script = directory.resolve(archive.getFileName() + ".sql");
        Oracles.run(true, List.of(pgRestore.toString(), "-f", script.toString(), archive.toString()));
        String text = Files.readString(script, StandardCharsets.UTF_8);
        int tables = 0;
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            for (TocEntry entry : contents.toc().dataEntries()) {
                if (!entry.isTableData()) {
                    continue;
                }
                try (InputStream in = contents.openData(entry)) {
                    String data = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(data.endsWith("\\.\n\n\n"), entry.tag());
                    assertTrue(text.contains(entry.copyStmt() + data), () -> "data of " + entry.tag()
                            + " is not in pg_restore's script");
                    tables++;
                }
            }
        }
        assertTrue(tables > 5, "only " + tables + " tables");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKindVariants")
    void largeObjectsHoldTheStoredBytes(List<String> variant) throws Exception {
        Path archive = dump(variant);
        Map<Long, byte[]> expected = new HashMap<>();
        try (Connection connection = server.connect(everyKind); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT oid, lo_get(oid) FROM pg_largeobject_metadata")) {
            while (rows.next()) {
                expected.put(rows.getLong(1), rows.getBytes(2));
            }
        }
        assertFalse(expected.isEmpty());
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            Map<Long, byte[]> found = ArchiveDump.readAll(contents).largeObjects();
            assertEquals(expected.keySet(), found.keySet());
            expected.forEach((oid, bytes) -> assertArrayEquals(bytes, found.get(oid), "large object " + oid));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void concurrentReadsGiveTheSameBytesAsSerialReads(List<String> variant) throws Exception {
        Path archive = dump(variant);
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            ArchiveDump serial = ArchiveDump.readAll(contents);
            if (!contents.supportsConcurrentReads()) {
                assertTrue(variant.contains("-Ft"));
                return;
            }
            List<TocEntry> tables = contents.toc().dataEntries().stream().filter(TocEntry::isTableData).toList();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<byte[]>> futures = new ArrayList<>();
                for (TocEntry entry : tables.reversed()) {
                    futures.add(pool.submit(() -> {
                        try (InputStream in = contents.openData(entry)) {
                            return in.readAllBytes();
                        }
                    }));
                }
                for (int i = 0; i < futures.size(); i++) {
                    TocEntry entry = tables.reversed().get(i);
                    assertArrayEquals(serial.data().get(entry.dumpId()), futures.get(i).get(), entry.tag());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static boolean listed(TocEntry e) {
        return !List.of("ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE", "DATABASE PROPERTIES").contains(e.desc())
                && !((e.desc().equals("COMMENT") || e.desc().equals("ACL")) && e.tag().startsWith("DATABASE "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKindVariants")
    void pipedArchiveReallyHasNoOffsets(List<String> variant) throws IOException {
        Path archive = dump(variant);
        if (!variant.contains("pipe")) {
            return;
        }
        try (InputStream in = Files.newInputStream(archive)) {
            DecodedToc decoded = TocDecoder.decode(new java.io.BufferedInputStream(in), ArchiveFormat.CUSTOM);
            assertTrue(decoded.offsets().values().stream().noneMatch(o -> o.flag() == DataOffset.POS_SET));
        }
    }

    /**
     * Versions 1.15/1.16 and LZ4/zstd cannot be had from pg_dump 15: the stock archive's TOC and data are
     * re-encoded by {@link TestArchiveEncoder} and must read back the same.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("reencodings")
    void stockArchiveReencodedAsNewerVersionReadsBackTheSame(String name) throws IOException {
        Path original = dump(List.of(name.startsWith("every") ? "every" : "netbox", "-Fc"));
        ArchiveVersion version = name.contains("1.16") ? ArchiveVersion.V1_16 : new ArchiveVersion(1, 15, 0);
        DataCompression compression = name.contains("zstd") ? DataCompression.ZSTD : DataCompression.LZ4;
        Path copy = directory.resolve(name.replace(' ', '_'));
        try (ArchiveContents contents = ArchiveReader.open(original)) {
            ArchiveDump dump = ArchiveDump.readAll(contents);
            Map<Integer, Map<Long, byte[]>> largeObjects = new HashMap<>();
            for (TocEntry entry : contents.toc().dataEntries()) {
                if (entry.isLargeObjectData()) {
                    Map<Long, byte[]> objects = new java.util.LinkedHashMap<>();
                    contents.forEachLargeObject(entry, (oid, content) -> objects.put(oid, content.readAllBytes()));
                    largeObjects.put(entry.dumpId(), objects);
                }
            }
            TestArchiveEncoder encoder = new TestArchiveEncoder(version, compression);
            if (name.contains("directory")) {
                encoder.writeDirectory(contents.toc(), dump.data(), largeObjects, copy);
            } else {
                encoder.writeCustom(contents.toc(), dump.data(), largeObjects, !name.contains("scan"), copy);
            }
            try (ArchiveContents reread = ArchiveReader.open(copy)) {
                assertEquals(contents.toc(), reread.toc());
                ArchiveDump again = ArchiveDump.readAll(reread);
                assertEquals(dump.data().keySet(), again.data().keySet());
                dump.data().forEach((id, bytes) -> assertArrayEquals(bytes, again.data().get(id), "entry " + id));
                assertEquals(dump.largeObjects().keySet(), again.largeObjects().keySet());
                dump.largeObjects().forEach((oid, bytes) -> assertArrayEquals(bytes, again.largeObjects().get(oid)));
            }
        }
    }

    static Stream<String> reencodings() {
        return Stream.of("every 1.16 zstd custom", "every 1.16 lz4 custom scan", "every 1.15 lz4 directory",
                "every 1.16 zstd directory", "netbox 1.16 zstd custom scan", "netbox 1.15 lz4 custom");
    }

    /** pg_restore -l's line: "%d; %u %u %s %s %s %s" with newlines blanked and "-" for a missing schema. */
    private static String listingLine(TocEntry e) {
        String namespace = e.namespace() == null || e.namespace().isEmpty() ? "-" : sanitize(e.namespace());
        String owner = e.owner() == null ? "" : sanitize(e.owner());
        return e.dumpId() + "; " + e.tableOid() + " " + e.oid() + " " + e.desc() + " " + namespace + " "
                + sanitize(e.tag()) + " " + owner;
    }

    private static String sanitize(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
