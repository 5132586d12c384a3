package dev.sotbackup.repository.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.Envelope;
import dev.sotbackup.repository.crypto.MasterKey;
import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.crypto.StorageIds;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PackRoundTripTest {
    private final MasterKey key = MasterKey.generate(new SecureRandom());
    private final PackReader reader = new PackReader(key);
    private final List<byte[]> plaintexts = new ArrayList<>();
    private FinishedPack pack;

    @BeforeEach
    void writeAPackOfHundredBlobs() {
        Random random = new Random(7);
        PackWriter writer = new PackWriter(new Envelope(key));
        for (int i = 0; i < 100; i++) {
            byte[] plain = i % 3 == 0
                    ? ("[{\"dumpId\": " + i + ", \"tag\": \"dcim_device\"}]").repeat(i + 1).getBytes(StandardCharsets.UTF_8)
                    : randomBytes(random, random.nextInt(20_000));
            plaintexts.add(plain);
            writer.add(i % 3 == 0 ? BlobType.TREE : BlobType.DATA, key.blobId(plain), plain);
        }
        assertEquals(100, writer.blobCount());
        pack = writer.finish();
    }

    @Test
    void headerListsEveryBlobAndEveryBlobDecodes() throws Exception {
        assertEquals(StorageIds.of(pack.bytes()), pack.id());
        List<PackedBlob> header = reader.readHeader(pack.id(), pack.bytes().length, RangeReader.of(pack.bytes()));
        assertEquals(pack.blobs(), header);
        for (int i = 0; i < 100; i++) {
            PackedBlob blob = header.get(i);
            assertEquals(i % 3 == 0 ? BlobType.TREE : BlobType.DATA, blob.type());
            assertEquals(plaintexts.get(i).length, blob.plainLength());
            assertArrayEquals(plaintexts.get(i), reader.readBlob(pack.id(), blob, RangeReader.of(pack.bytes())));
        }
    }

    @Test
    void packLayoutIsBlobsThenHeaderThenItsLength() {
        byte[] bytes = pack.bytes();
        long blobBytes = pack.blobs().stream().mapToLong(PackedBlob::length).sum();
        long headerLength = PackHeader.uint32(bytes, bytes.length - 4);
        assertEquals(bytes.length, blobBytes + headerLength + 4);
        // The encrypted header holds 100 records of 41 bytes, compressed; it cannot be larger than that plus overhead.
        assertTrue(headerLength <= 100 * 41 + 28 + 64, "header length " + headerLength);
        assertEquals(0, pack.blobs().getFirst().offset());
    }

    @Test
    void headerOfALargePackTakesASecondRead() throws Exception {
        PackWriter writer = new PackWriter(new Envelope(key));
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) { // 1000 random ids: the header is > 16 KiB
            byte[] plain = randomBytes(random, 8);
            writer.add(BlobType.DATA, key.blobId(plain), plain);
        }
        FinishedPack big = writer.finish();
        AtomicInteger reads = new AtomicInteger();
        RangeReader counting = (offset, length) -> {
            reads.incrementAndGet();
            return RangeReader.of(big.bytes()).read(offset, length);
        };
        assertEquals(big.blobs(), reader.readHeader(big.id(), big.bytes().length, counting));
        assertEquals(2, reads.get());
    }

    @Test
    void flippedByteInABlobFailsThatBlobNamingIt() throws Exception {
        PackedBlob victim = pack.blobs().get(42);
        byte[] damaged = pack.bytes().clone();
        damaged[(int) victim.offset() + victim.length() / 2] ^= 0x01;
        List<PackedBlob> header = reader.readHeader(pack.id(), damaged.length, RangeReader.of(damaged));
        CorruptObjectException e = assertThrows(CorruptObjectException.class,
                () -> reader.readBlob(pack.id(), victim, RangeReader.of(damaged)));
        assertTrue(e.getMessage().contains(victim.id().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(pack.id().toString()), e.getMessage());
        // Its neighbours still read.
        assertArrayEquals(plaintexts.get(41), reader.readBlob(pack.id(), header.get(41), RangeReader.of(damaged)));
        assertArrayEquals(plaintexts.get(43), reader.readBlob(pack.id(), header.get(43), RangeReader.of(damaged)));
    }

    @Test
    void blobWhosePlaintextDoesNotMatchItsIdFails() {
        byte[] plain = "content".getBytes(StandardCharsets.UTF_8);
        PackWriter writer = new PackWriter(new Envelope(key));
        BlobId wrongId = key.blobId("other content".getBytes(StandardCharsets.UTF_8));
        writer.add(BlobType.DATA, wrongId, plain);
        FinishedPack mislabelled = writer.finish();
        CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> reader.readBlob(
                mislabelled.id(), mislabelled.blobs().getFirst(), RangeReader.of(mislabelled.bytes())));
        assertTrue(e.getMessage().contains(wrongId.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("hashes to " + key.blobId(plain)), e.getMessage());
    }

    @Test
    void flippedByteInTheHeaderFailsTheHeaderRead() {
        byte[] damaged = pack.bytes().clone();
        long headerLength = PackHeader.uint32(damaged, damaged.length - 4);
        damaged[(int) (damaged.length - 4 - headerLength / 2)] ^= 0x10;
        CorruptObjectException e = assertThrows(CorruptObjectException.class,
                () -> reader.readHeader(pack.id(), damaged.length, RangeReader.of(damaged)));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        assertTrue(e.getMessage().contains(pack.id().toString()), e.getMessage());
    }

    @Test
    void truncatedPackFailsClearly() {
        StorageId id = pack.id();
        for (int cut : new int[] {1, 4, 100, pack.bytes().length - 3}) {
            byte[] truncated = Arrays.copyOf(pack.bytes(), pack.bytes().length - cut);
            CorruptObjectException e = assertThrows(CorruptObjectException.class,
                    () -> reader.readHeader(id, truncated.length, RangeReader.of(truncated)), "cut " + cut);
            assertTrue(e.getMessage().contains("pack " + id), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void shortRangeReadIsReportedAsTruncation() {
        RangeReader shortReads = (offset, length) -> new byte[Math.max(0, length - 1)];
        CorruptObjectException e = assertThrows(CorruptObjectException.class,
                () -> reader.readHeader(pack.id(), pack.bytes().length, shortReads));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void writerReportsFullAtTheTargetSize() {
        PackWriter writer = new PackWriter(new Envelope(key), 64 * 1024);
        Random random = new Random(3);
        int added = 0;
        while (!writer.isFull()) {
            byte[] plain = randomBytes(random, 10_000);
            writer.add(BlobType.DATA, key.blobId(plain), plain);
            added++;
        }
        assertEquals(7, added); // 7 × (10000 + 28 + zstd framing) ≥ 64 KiB > 6 × that
        FinishedPack small = writer.finish();
        assertThrows(IllegalStateException.class, writer::finish);
        assertEquals(7, small.blobs().size());
    }

    @Test
    void emptyPackRoundTrips() throws Exception {
        FinishedPack empty = new PackWriter(new Envelope(key)).finish();
        assertEquals(List.of(), reader.readHeader(empty.id(), empty.bytes().length, RangeReader.of(empty.bytes())));
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
