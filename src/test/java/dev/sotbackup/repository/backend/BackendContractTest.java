package dev.sotbackup.repository.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the repository relies on from any backend; {@link LocalBackendTest} and {@link S3BackendTest} run it
 * against a fresh, empty repository each.
 */
abstract class BackendContractTest {

    @TempDir
    Path temp;

    Backend backend;

    /** A fresh, empty repository. */
    abstract Backend newBackend() throws Exception;

    /** Starts storing {@code name} from a source that fails after some bytes; must throw BackendException. */
    abstract void putFromFailingSource(Backend backend, String name, byte[] firstBytes) throws BackendException;

    @BeforeEach
    void openBackend() throws Exception {
        backend = newBackend();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    static String id(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String dataName(String seed) {
        String id = id(seed);
        return "data/" + id.substring(0, 2) + "/" + id;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storedObjectReadsBackWhole() throws Exception {
        String name = dataName("a");
        backend.put(name, bytes("pack content"));

        assertArrayEquals(bytes("pack content"), backend.get(name));
        assertEquals(12, backend.size(name));
    }

    @Test
    void fixedNameConfigIsAnObjectLikeAnyOther() throws Exception {
        backend.put("config", bytes("settings"));

        assertTrue(backend.exists("config"));
        assertArrayEquals(bytes("settings"), backend.get("config"));
    }

    @Test
    void existsOnlyAfterPut() throws Exception {
        String name = "snapshots/" + id("s");
        assertFalse(backend.exists(name));

        backend.put(name, bytes("manifest"));

        assertTrue(backend.exists(name));
    }

    @Test
    void rangeReadReturnsExactlyTheRequestedBytes() throws Exception {
        String name = dataName("range");
        backend.put(name, bytes("0123456789abcdef"));

        assertArrayEquals(bytes("3456"), backend.getRange(name, 3, 4));
        assertArrayEquals(bytes("0"), backend.getRange(name, 0, 1));
        assertArrayEquals(bytes("cdef"), backend.getRange(name, 12, 4));
        assertArrayEquals(new byte[0], backend.getRange(name, 5, 0));
    }

    @Test
    void rangeBeyondTheEndFailsInsteadOfReturningFewerBytes() throws Exception {
        String name = dataName("short");
        backend.put(name, bytes("0123456789"));

        BackendException overlapping = assertThrows(BackendException.class, () -> backend.getRange(name, 8, 4));
        assertOneLine(overlapping);
        assertTrue(overlapping.getMessage().contains(name), overlapping.getMessage());
        assertThrows(BackendException.class, () -> backend.getRange(name, 10, 1));
    }

    @Test
    void missingObjectIsReportedAsSuchByGetRangeAndSize() {
        String name = dataName("missing");

        NoSuchObjectException get = assertThrows(NoSuchObjectException.class, () -> backend.get(name));
        assertOneLine(get);
        assertTrue(get.getMessage().contains(name), get.getMessage());
        assertThrows(NoSuchObjectException.class, () -> backend.getRange(name, 0, 1));
        assertThrows(NoSuchObjectException.class, () -> backend.size(name));
    }

    @Test
    void puttingIdenticalContentTwiceIsHarmless() throws Exception {
        String name = "index/" + id("i");
        backend.put(name, bytes("index"));
        backend.put(name, bytes("index"));

        assertArrayEquals(bytes("index"), backend.get(name));
        assertEquals(List.of(name), backend.list("index/"));
    }

    @Test
    void listIsRecursiveUnderDataAndConfinedToThePrefix() throws Exception {
        String pack1 = dataName("p1");
        String pack2 = dataName("p2");
        String key = "keys/" + id("k");
        String snapshot = "snapshots/" + id("s");
        for (String name : List.of(pack1, pack2, key, snapshot, "config")) {
            backend.put(name, bytes(name));
        }

        assertEquals(sorted(pack1, pack2), backend.list("data/"));
        assertEquals(List.of(key), backend.list("keys/"));
        assertEquals(List.of(snapshot), backend.list("snapshots/"));
        assertEquals(List.of(), backend.list("locks/"));
        assertEquals(List.of(), backend.list("index/"));
        assertEquals(sorted(pack1, pack2, key, snapshot, "config"), backend.list(""));
        String fanOut = pack1.substring(0, "data/xx/".length());
        assertTrue(backend.list(fanOut).contains(pack1));
    }

    @Test
    void listWithSizesGivesEachObjectsBytes() throws Exception {
        String pack = dataName("sized");
        String lock = "locks/" + id("sized");
        backend.put(pack, new byte[1234]);
        backend.put(lock, new byte[0]);

        assertEquals(java.util.Map.of(pack, 1234L), backend.listWithSizes("data/"));
        assertEquals(java.util.Map.of(pack, 1234L, lock, 0L), backend.listWithSizes(""));
    }

    @Test
    void listReturnsEveryObjectBeyondOneThousand() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            names.add(dataName("many-" + i));
        }
        // Parallel: 1100 sequential round trips to the S3 server would dominate the run.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> puts = new ArrayList<>();
            for (String name : names) {
                puts.add(pool.submit(() -> {
                    backend.put(name, new byte[] {1});
                    return null;
                }));
            }
            for (Future<Object> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdownNow();
        }
        backend.put("keys/" + id("k"), bytes("key"));

        assertEquals(sorted(names.toArray(String[]::new)), backend.list("data/"));
        assertEquals(1101, backend.list("").size());
    }

    @Test
    void deleteRemovesTheObjectAndToleratesAMissingOne() throws Exception {
        String name = "locks/" + id("l");
        backend.put(name, bytes("lock"));

        backend.delete(name);

        assertFalse(backend.exists(name));
        assertEquals(List.of(), backend.list("locks/"));
        backend.delete(name);
    }

    @Test
    void putFileStoresATwentyMebibytePack() throws Exception {
        byte[] content = new byte[20 << 20];
        new Random(42).nextBytes(content);
        Path file = temp.resolve("pack.tmp");
        Files.write(file, content);
        String name = dataName("big");

        backend.putFile(name, file);

        assertEquals(content.length, backend.size(name));
        assertArrayEquals(Arrays.copyOfRange(content, content.length - 100, content.length),
                backend.getRange(name, content.length - 100, 100));
        assertArrayEquals(content, backend.get(name));
        assertTrue(Files.exists(file), "the caller's file is left in place");
    }

    @Test
    void putFileOfAMissingFileFailsInOneLineNamingTheFile() {
        Path missing = temp.resolve("no-such-pack");
        String name = dataName("nofile");

        BackendException e = assertThrows(BackendException.class, () -> backend.putFile(name, missing));

        assertOneLine(e);
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void putInterruptedBySourceFailureLeavesNothingUnderTheName() throws Exception {
        String name = dataName("interrupted");

        BackendException e = assertThrows(BackendException.class,
                () -> putFromFailingSource(backend, name, bytes("partial content that must not be seen")));

        assertOneLine(e);
        assertFalse(backend.exists(name));
        assertEquals(List.of(), backend.list(""));
    }

    @Test
    void describeNamesTheRepositoryOnOneLine() {
        String description = backend.describe();
        assertFalse(description.isBlank());
        assertFalse(description.contains("\n"));
    }

    static List<String> sorted(String... names) {
        List<String> list = new ArrayList<>(List.of(names));
        list.sort(null);
        return list;
    }

    static void assertOneLine(Exception e) {
        String message = e.getMessage();
        assertTrue(message != null && !message.isBlank(), "no message: " + e);
        assertFalse(message.contains("\n") || message.contains("\r"), "more than one line: " + message);
        assertFalse(message.contains("\tat "), "stack trace in message: " + message);
    }

    /** Yields {@code firstBytes}, then fails as a broken disk or a killed producer would. */
    static InputStream failingAfter(byte[] firstBytes) {
        return new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position < firstBytes.length) {
                    return firstBytes[position++] & 0xff;
                }
                throw new IOException("source failed mid-way");
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                if (position >= firstBytes.length) {
                    throw new IOException("source failed mid-way");
                }
                int n = Math.min(length, firstBytes.length - position);
                System.arraycopy(firstBytes, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }
}
