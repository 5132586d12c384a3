package dev.sotbackup.postgres.archive;

import com.github.luben.zstd.ZstdOutputStream;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import net.jpountz.lz4.LZ4FrameOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Test-only writer for the archive variants stock pg_dump 15 cannot produce here: versions 1.15/1.16 and LZ4 or
 * zstd data, in custom and directory layout, as reference §3, §5 and §7 describe them. Header and TOC come from
 * the production {@link TocEncoder}; only the algorithm byte is patched for LZ4/zstd.
 */
final class TestArchiveEncoder {

    /** Offset of the header's compression field: magic 5, version 3, intSize, offSize, format. */
    private static final int COMPRESSION_FIELD = 11;

    private final ArchiveVersion version;
    private final DataCompression compression;
    private final Random random = new Random(7);

    TestArchiveEncoder(ArchiveVersion version, DataCompression compression) {
        if (!version.storesCompressionAlgorithm() && (compression == DataCompression.LZ4
                || compression == DataCompression.ZSTD)) {
            throw new IllegalArgumentException("archive " + version + " cannot say " + compression);
        }
        this.version = version;
        this.compression = compression;
    }

    /** A custom file: blocks in TOC order, chunks of random sizes; offsets set or left for scanning. */
    void writeCustom(Toc toc, Map<Integer, byte[]> data, Map<Integer, Map<Long, byte[]>> largeObjects,
            boolean withOffsets, Path target) throws IOException {
        TocEncoder encoder = new TocEncoder(version, ArchiveFormat.CUSTOM, compression != DataCompression.NONE);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int tocLength = encoder.encode(toc, new TocEncoder.Offsets(Map.of())).length;
        Map<Integer, DataOffset> offsets = new HashMap<>();
        for (TocEntry entry : toc.dataEntries()) {
            offsets.put(entry.dumpId(), DataOffset.at(tocLength + body.size()));
            if (entry.isLargeObjectData()) {
                body.write(3);
                body.write(PrimitiveEncoder.encodeInt(entry.dumpId()));
                for (Map.Entry<Long, byte[]> object : largeObjects.getOrDefault(entry.dumpId(), Map.of()).entrySet()) {
                    body.write(PrimitiveEncoder.encodeInt((int) (long) object.getKey()));
                    writeChunks(compress(object.getValue()), body);
                }
                body.write(PrimitiveEncoder.encodeInt(0));
            } else {
                body.write(1);
                body.write(PrimitiveEncoder.encodeInt(entry.dumpId()));
                writeChunks(compress(data.get(entry.dumpId())), body);
            }
        }
        byte[] head = patchAlgorithm(encoder.encode(toc, new TocEncoder.Offsets(withOffsets ? offsets : Map.of())));
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(head);
            body.writeTo(out);
        }
    }

    /** A directory: toc.dat, {@code <id>.dat<suffix>}, blobs TOC files (per entry for 1.16) and blob files. */
    void writeDirectory(Toc toc, Map<Integer, byte[]> data, Map<Integer, Map<Long, byte[]>> largeObjects,
            Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<Integer, String> fileNames = new LinkedHashMap<>();
        String suffix = compression.fileSuffix();
        for (TocEntry entry : toc.dataEntries()) {
            if (entry.isLargeObjectData()) {
                // 1.16 names one blobs TOC per BLOBS entry; older archives have a single BLOBS entry and
                // blobs.toc, so several BLOBS entries in an older version get 1.16 names to stay apart.
                boolean perEntry = version.storesRelkind()
                        || toc.dataEntries().stream().filter(TocEntry::isLargeObjectData).count() > 1;
                String tocName = perEntry ? "blobs_" + entry.dumpId() + ".toc" : "blobs.toc";
                fileNames.put(entry.dumpId(), tocName);
                StringBuilder lines = new StringBuilder();
                for (Map.Entry<Long, byte[]> object : largeObjects.getOrDefault(entry.dumpId(), Map.of()).entrySet()) {
                    String name = "blob_" + object.getKey() + ".dat";
                    lines.append(object.getKey()).append(' ').append(name).append('\n');
                    Files.write(directory.resolve(name + suffix), compressFile(object.getValue()));
                }
                Files.writeString(directory.resolve(tocName), lines, StandardCharsets.UTF_8);
            } else {
                String name = entry.dumpId() + ".dat";
                fileNames.put(entry.dumpId(), name);
                Files.write(directory.resolve(name + suffix), compressFile(data.get(entry.dumpId())));
            }
        }
        TocEncoder encoder = new TocEncoder(version, ArchiveFormat.DIRECTORY, compression != DataCompression.NONE);
        Files.write(directory.resolve("toc.dat"), patchAlgorithm(encoder.encode(toc,
                new TocEncoder.FileNames(fileNames))));
    }

    private byte[] patchAlgorithm(byte[] head) {
        if (version.storesCompressionAlgorithm()) {
            head[COMPRESSION_FIELD] = (byte) compression.ordinal(); // none 0, gzip 1, lz4 2, zstd 3
        }
        return head;
    }

    private void writeChunks(byte[] stream, ByteArrayOutputStream out) throws IOException {
        int offset = 0;
        while (offset < stream.length) {
            int length = Math.min(stream.length - offset, 1 + random.nextInt(5000));
            out.write(PrimitiveEncoder.encodeInt(length));
            out.write(stream, offset, length);
            offset += length;
        }
        out.write(PrimitiveEncoder.encodeInt(0));
    }

    /** One block's stream: zlib (not gzip) for gzip, an LZ4 frame, a zstd frame. */
    private byte[] compress(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream codec = switch (compression) {
            case NONE -> out;
            case GZIP -> new DeflaterOutputStream(out);
            case LZ4 -> new LZ4FrameOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out);
        }) {
            codec.write(bytes);
        }
        return out.toByteArray();
    }

    /** A directory data file; gzip files get two members, as concatenated parallel parts would. */
    private byte[] compressFile(byte[] bytes) throws IOException {
        if (compression != DataCompression.GZIP) {
            return compress(bytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int half = bytes.length / 2;
        for (int[] range : new int[][] {{0, half}, {half, bytes.length}}) {
            try (GZIPOutputStream member = new GZIPOutputStream(new UncloseableOutputStream(out))) {
                member.write(bytes, range[0], range[1] - range[0]);
            }
        }
        return out.toByteArray();
    }
}
