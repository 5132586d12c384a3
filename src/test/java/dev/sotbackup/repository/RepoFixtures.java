package dev.sotbackup.repository;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.backend.BackendException;
import dev.sotbackup.repository.backend.Backends;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.testing.S3Servers;
import dev.sotbackup.testing.S3TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/** Shared setup of the repository tests: cheap scrypt, small chunks and packs, NetBox-like data. */
final class RepoFixtures {
    /** 1 MiB of scrypt memory: fast, and the code path is the same as with the default cost. */
    static final ScryptParams FAST_SCRYPT = new ScryptParams(1024, 8, 1);
    /** Small chunks so that a few MiB of data give hundreds of chunks, as GiBs do with the defaults. */
    static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024);
    static final long SMALL_PACKS = 256 * 1024;
    static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    private RepoFixtures() {
    }

    static Backend local(Path dir) {
        return new LocalBackend(dir);
    }

    static Backend s3() throws BackendException {
        S3TestServer server = S3Servers.start();
        return Backends.open(server.repoUrl(server.createUniqueBucket("repo"), "backups/r1"), server.backendOptions());
    }

    static Repository init(Backend backend) throws IOException {
        return init(backend, Reporter.silent());
    }

    /** As {@link #init(Backend)}; {@code reporter} is told the repository's notes. */
    static Repository init(Backend backend, Reporter reporter) throws IOException {
        Repository repository = Repository.init(backend, PASSWORD.clone(), FAST_SCRYPT, SMALL_CHUNKS, reporter);
        repository.setPackTargetSize(SMALL_PACKS);
        return repository;
    }

    /**
     * As {@link #init(Backend)}, with the chunker seed (and repository id) from {@code seed}, so that chunk boundaries
     * — and with them how much a changed backup adds — are the same on every run.
     */
    static Repository initWithChunkerSeed(Backend backend, long seed) throws Exception {
        java.security.SecureRandom random = java.security.SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        Repository repository = Repository.init(backend, PASSWORD.clone(), FAST_SCRYPT, SMALL_CHUNKS,
                Reporter.silent(), random);
        repository.setPackTargetSize(SMALL_PACKS);
        return repository;
    }

    static Repository open(Backend backend) throws IOException {
        Repository repository = Repository.open(backend, PASSWORD.clone());
        repository.setPackTargetSize(SMALL_PACKS);
        return repository;
    }

    /**
     * About {@code bytes} of COPY text shaped like NetBox's dcim_device rows; row i depends only on
     * (seed, i, and whether {@code changed} selects it), so a changed variant differs in exactly those rows.
     */
    static byte[] rows(long seed, int bytes, IntPredicate changed) {
        StringBuilder text = new StringBuilder(bytes + 512);
        String[] statuses = {"active", "planned", "staged", "failed", "offline", "inventory"};
        String[] roles = {"access-switch", "core-router", "pdu", "console-server", "firewall", "patch-panel"};
        for (int i = 0; text.length() < bytes; i++) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
            boolean isChanged = changed.test(i);
            text.append(i + 1).append('\t')
                    .append(roles[r.nextInt(roles.length)]).append('-').append(r.nextInt(100_000)).append('\t')
                    .append(isChanged ? "decommissioning" : statuses[r.nextInt(statuses.length)]).append('\t')
                    .append(r.nextInt(400)).append('\t').append(r.nextInt(4000)).append('\t')
                    .append("SN").append(Long.toHexString(r.nextLong()).toUpperCase()).append('\t')
                    .append(r.nextInt(5) == 0 ? "\\N" : "asset-" + r.nextInt(1_000_000)).append('\t')
                    .append("2024-0").append(1 + r.nextInt(9)).append('-').append(10 + r.nextInt(18))
                    .append(' ').append(10 + r.nextInt(13)).append(":").append(10 + r.nextInt(49))
                    .append(":").append(10 + r.nextInt(49)).append('.').append(100000 + r.nextInt(899999))
                    .append("+00\t{\"rack_face\": \"").append(r.nextBoolean() ? "front" : "rear")
                    .append("\", \"weight\": ").append(r.nextInt(90)).append(isChanged ? ", \"edited\": true" : "")
                    .append("}\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] rows(long seed, int bytes) {
        return rows(seed, bytes, i -> false);
    }

    /** What a backup produced: the snapshot and the session's statistics. */
    record Backup(SnapshotId id, BackupStatistics stats) {
    }

    /** Backs up {@code data} as a one-table postgres component and commits it. */
    static Backup backup(Repository repository, String hostname, byte[] data) throws IOException {
        try (BackupSession session = repository.startBackup(hostname, 2)) {
            StreamResult stream;
            try (StreamWriter writer = session.newStream()) {
                for (int off = 0; off < data.length; off += 65536) {
                    writer.write(data, off, Math.min(65536, data.length - off));
                }
                stream = writer.finish();
            }
            BlobId toc = session.storeTree(("[{\"dumpId\": 1, \"tag\": \"dcim_device\", \"host\": \"" + hostname
                    + "\"}]").getBytes(StandardCharsets.UTF_8));
            Snapshot manifest = new Snapshot(Instant.now(), hostname, "tester", "0.1.0-test", List.of(),
                    null, List.of(new Component("netbox", postgresBody(List.of(toc), stream))));
            SnapshotId id = session.commit(manifest);
            return new Backup(id, session.statistics());
        }
    }

    static PostgresBody postgresBody(List<BlobId> toc, StreamResult stream) {
        return new PostgresBody(PostgresBody.VERSION, null, null, null, toc,
                Map.of(1, new PostgresBody.DataEntry(stream.blobs(), stream.bytes(), null, null)), null, null, null);
    }

    /** The data stream of the snapshot's postgres component, read back through openBlobs. */
    static byte[] restore(Repository repository, SnapshotId id) throws IOException {
        Snapshot snapshot = repository.loadSnapshot(id);
        PostgresBody body = snapshot.components().getFirst().body(PostgresBody.class).orElseThrow();
        try (InputStream in = repository.openBlobs(body.dataOf(1).blobs())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
