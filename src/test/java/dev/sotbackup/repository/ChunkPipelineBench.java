package dev.sotbackup.repository;

import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.chunker.ChunkingOutputStream;
import dev.sotbackup.repository.chunker.GearTable;
import dev.sotbackup.repository.crypto.Aead;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.Compression;
import dev.sotbackup.repository.crypto.Envelope;
import dev.sotbackup.repository.crypto.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Single-thread throughput of the backup write path over NetBox-like COPY text: FastCDC alone, then
 * FastCDC + blob id (HMAC-SHA256) + zstd level 3 + AES-256-GCM. Not a unit test; run with
 * {@code java -cp <test-classes:classes:deps> dev.sotbackup.repository.ChunkPipelineBench [GiB [zstd level]]}.
 */
public final class ChunkPipelineBench {
    private static final int BUFFER_BYTES = 128 << 20;
    private static final int WRITE_BYTES = 64 * 1024;
    private static int level;

    private ChunkPipelineBench() {
    }

    public static void main(String[] args) throws IOException {
        long total = (long) (Double.parseDouble(args.length > 0 ? args[0] : "1") * (1L << 30));
        level = args.length > 1 ? Integer.parseInt(args[1]) : Compression.DEFAULT_LEVEL;
        byte[] text = netboxLikeText(BUFFER_BYTES);
        MasterKey key = MasterKey.generate(new SecureRandom());
        Envelope envelope = new Envelope(key); // the same steps as Envelope.encode, timed one by one below
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        GearTable gear = GearTable.fromSeed(seed);
        ChunkerParams params = ChunkerParams.DEFAULT;
        System.out.printf("input: %d MiB of NetBox-like COPY text (a %d MiB buffer replayed), chunker %d/%d/%d%n",
                total >> 20, BUFFER_BYTES >> 20, params.min(), params.avg(), params.max());

        run("warm-up (chunk only)", text, Math.min(total, 256L << 20), params, gear, null, null);
        run("chunk only", text, total, params, gear, null, null);
        run("warm-up (pipeline)", text, Math.min(total, 256L << 20), params, gear, key, envelope);
        run("chunk + HMAC id + zstd-" + level + " + AES-GCM", text, total, params, gear, key, envelope);
    }

    private static void run(String label, byte[] text, long total, ChunkerParams params, GearTable gear,
                            MasterKey key, Envelope envelope) throws IOException {
        Aead aead = key == null ? null : key.aead();
        long[] chunks = new long[1];
        long[] stored = new long[1];
        long[] sink = new long[1];
        long[] stageNanos = new long[3]; // HMAC, zstd, AES-GCM
        long start = System.nanoTime();
        try (ChunkingOutputStream out = new ChunkingOutputStream(params, gear, chunk -> {
            chunks[0]++;
            if (envelope != null) {
                long t0 = System.nanoTime();
                BlobId id = key.blobId(chunk.data());
                long t1 = System.nanoTime();
                byte[] frame = Compression.compress(chunk.data(), level);
                long t2 = System.nanoTime();
                byte[] encoded = aead.seal(frame);
                long t3 = System.nanoTime();
                stageNanos[0] += t1 - t0;
                stageNanos[1] += t2 - t1;
                stageNanos[2] += t3 - t2;
                stored[0] += encoded.length;
                sink[0] += id.hashCode();
            }
        })) {
            long written = 0;
            while (written < total) {
                for (int off = 0; off < text.length && written < total; off += WRITE_BYTES) {
                    int n = (int) Math.min(Math.min(WRITE_BYTES, text.length - off), total - written);
                    out.write(text, off, n);
                    written += n;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double mbPerSecond = total / 1e6 / seconds;
        System.out.printf("%-36s %8.1f MB/s  (%.2f s, %d chunks, mean %.0f KiB%s)%n", label, mbPerSecond, seconds,
                chunks[0], total / 1024.0 / chunks[0],
                envelope == null ? "" : String.format(", stored %.1f%% of input", 100.0 * stored[0] / total));
        if (envelope != null) {
            System.out.printf("    stage rates alone: HMAC-SHA256 %.0f MB/s, zstd %.0f MB/s, AES-GCM (on the frames) %.0f MB/s%n",
                    total / 1e6 / (stageNanos[0] / 1e9), total / 1e6 / (stageNanos[1] / 1e9),
                    stored[0] / 1e6 / (stageNanos[2] / 1e9));
        }
        if (sink[0] == 42) {
            System.out.print(""); // keeps the ids observable so the JIT cannot drop the HMAC
        }
    }

    /** Rows shaped like dcim_device / ipam_ipaddress COPY lines: repetitive vocabulary, unique ids and times. */
    static byte[] netboxLikeText(int size) {
        String[] sites = {"ams1", "fra2", "lon3", "nyc1", "sjc2", "sin1", "syd4", "gru1"};
        String[] roles = {"access-switch", "core-router", "pdu", "patch-panel", "firewall", "server"};
        String[] statuses = {"active", "planned", "offline", "staged", "decommissioning"};
        String[] types = {"DCS-7280SR-48C6", "MX480", "EX4300-48T", "PA-3220", "AP7941", "R640"};
        SplittableRandom random = new SplittableRandom(2026);
        StringBuilder sb = new StringBuilder(size + 4096);
        long id = 1;
        while (sb.length() < size) {
            String site = sites[random.nextInt(sites.length)];
            int rack = random.nextInt(40) + 1;
            sb.append(id).append('\t')
                    .append(site).append('-').append(roles[random.nextInt(roles.length)]).append('-')
                    .append(String.format("%03d", random.nextInt(1000))).append('\t')
                    .append(statuses[random.nextInt(statuses.length)]).append('\t')
                    .append(types[random.nextInt(types.length)]).append('\t')
                    .append("SN").append(Long.toHexString(random.nextLong() & 0xffffffffffL).toUpperCase()).append('\t')
                    .append(rack).append('\t').append(random.nextInt(42) + 1).append('\t')
                    .append("10.").append(random.nextInt(256)).append('.').append(random.nextInt(256)).append('.')
                    .append(random.nextInt(256)).append("/24\t")
                    .append("2026-0").append(random.nextInt(9) + 1).append('-').append(10 + random.nextInt(18))
                    .append(' ').append(10 + random.nextInt(13)).append(':').append(10 + random.nextInt(50))
                    .append(':').append(10 + random.nextInt(50)).append('.').append(100000 + random.nextInt(900000))
                    .append("+00\t{\"cf_owner\": \"team-").append(site).append("\", \"cf_warranty\": ")
                    .append(random.nextBoolean()).append(", \"cf_asset_tag\": null}\t\\N\t")
                    .append(random.nextInt(5) == 0 ? "Imported from spreadsheet, verify cabling" : "")
                    .append('\n');
            id++;
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
