package dev.sotbackup.deployment;

import dev.sotbackup.files.FileEntry;
import dev.sotbackup.files.FilesComponent;
import dev.sotbackup.objectstore.BucketComponent;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.postgres.repo.StoredArchive;
import dev.sotbackup.postgres.repo.TableVerifier;
import dev.sotbackup.postgres.repo.VerificationReport;
import dev.sotbackup.postgres.restore.PgRestore;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.redis.RedisComponent;
import dev.sotbackup.redis.RedisRestoreOptions;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.repository.body.RedisBody;
import dev.sotbackup.repository.body.StoredObject;
import dev.sotbackup.repository.crypto.BlobId;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code verify SNAPSHOT --scratch CONNINFO}: a restore drill. Every database of the snapshot is restored into a
 * fresh scratch database, every table's rows are counted and checksummed and compared with the manifest, Redis
 * is restored into a scratch server's empty databases and its key counts compared, every file and object is
 * read back and decrypted; the time the database restores took is the recovery time an operator can expect.
 * Scratch databases are dropped afterwards (unless kept); the production deployment is never touched.
 */
public final class RestoreDrill {

    private RestoreDrill() {
    }

    /**
     * @param scratch      a server to restore into; its database is only used to create and drop scratch ones
     * @param scratchRedis a Redis server whose snapshot databases are empty, or null to skip Redis
     * @param keep         leave the scratch databases for inspection
     */
    public record Plan(ConnInfo scratch, RedisTarget scratchRedis, int jobs, boolean keep) {
    }

    /** One component's drill. {@code ok} false means the data does not match what was backed up. */
    public record ComponentResult(String component, boolean ok, String summary, List<String> details) {
        public ComponentResult {
            details = List.copyOf(details);
        }
    }

    /**
     * @param restoreMillis time spent restoring the databases (the recovery time objective measured)
     * @param totalMillis   the whole drill, reading and comparing included
     */
    public record Report(String snapshot, String application, List<ComponentResult> components, long restoreMillis,
                         long totalMillis, long tablesChecked, long tablesMismatched) {
        public Report {
            components = List.copyOf(components);
        }

        public boolean ok() {
            return !components.isEmpty() && components.stream().allMatch(ComponentResult::ok);
        }
    }

    public static Report run(Repository repository, SnapshotId id, Plan plan, Consumer<String> progress)
            throws IOException, SQLException {
        long started = System.nanoTime();
        Snapshot snapshot = repository.loadSnapshot(id);
        AppVersion version = AppVersion.of(snapshot.deployment() == null ? null
                : snapshot.deployment().application());
        List<ComponentResult> results = new ArrayList<>();
        long restoreNanos = 0;
        long tables = 0;
        long mismatched = 0;
        for (Component component : snapshot.components()) {
            switch (component.kind()) {
                case PostgresComponent.KIND -> {
                    String scratchName = scratchName(id, component.name());
                    long restoreStart = System.nanoTime();
                    ConnInfo database = createScratch(plan.scratch(), scratchName);
                    try {
                        VerificationReport report;
                        try (StoredArchive archive = PostgresComponent.open(repository, component)) {
                            progress.accept("restoring " + component.label() + " into scratch database "
                                    + scratchName);
                            // Owners and grants name roles the scratch server may not have; the drill is about data.
                            RestoreOptions options = RestoreOptions.defaults().withJobs(plan.jobs())
                                    .withNoOwner(true).withNoPrivileges(true);
                            PgRestore.restore(archive, new RestoreEngine(archive::dataSize), database, options,
                                    false, false, progress);
                            restoreNanos += System.nanoTime() - restoreStart;
                            Toc toc = archive.toc();
                            progress.accept("checking every table of " + component.label());
                            report = TableVerifier.verify(() -> Connector.open(database), plan.jobs(), toc,
                                    TableVerifier.expected((PostgresBody) component.body()));
                        }
                        tables += report.tables().size();
                        mismatched += report.mismatches().size() + report.missing().size();
                        results.add(new ComponentResult(component.label(), report.ok(), report.summary(),
                                report.lines().subList(1, report.lines().size())));
                    } finally {
                        if (!plan.keep()) {
                            dropScratch(plan.scratch(), scratchName);
                        }
                    }
                }
                case RedisComponent.KIND -> {
                    if (plan.scratchRedis() == null) {
                        results.add(new ComponentResult(component.label(), true,
                                "not restored (no --scratch-redis); records read back: " + readBack(repository,
                                component), List.of()));
                        continue;
                    }
                    results.add(drillRedis(repository, component, plan.scratchRedis(), progress));
                }
                case FilesComponent.KIND -> {
                    List<List<BlobId>> streams = new ArrayList<>();
                    long bytes = 0;
                    for (FileEntry entry : FilesComponent.entries(component)) {
                        if (!entry.blobs().isEmpty()) {
                            streams.add(entry.blobs());
                            bytes += entry.size();
                        }
                    }
                    results.add(readEverything(repository, component.label(), streams, bytes, "files"));
                }
                case BucketComponent.KIND -> {
                    List<List<BlobId>> streams = new ArrayList<>();
                    long bytes = 0;
                    for (StoredObject object : BucketComponent.objects(component)) {
                        streams.add(object.blobs());
                        bytes += object.size();
                    }
                    results.add(readEverything(repository, component.label(), streams, bytes, "objects"));
                }
                default -> results.add(new ComponentResult(component.label(), true,
                        "a kind this version cannot check; skipped", List.of()));
            }
        }
        return new Report(id.shortId(), version.describe(), results, restoreNanos / 1_000_000,
                (System.nanoTime() - started) / 1_000_000, tables, mismatched);
    }

    /**
     * Restores Redis into the scratch server's databases — which must be empty, so a drill never overwrites
     * anything — compares the key counts with the manifest's, then empties them again.
     */
    private static ComponentResult drillRedis(Repository repository, Component component, RedisTarget scratch,
                                              Consumer<String> progress) throws IOException {
        Map<Integer, Long> expected = new TreeMap<>();
        ((RedisBody) component.body()).databases().forEach((db, stored) -> expected.put(db,
                stored.keys() == null ? 0 : stored.keys()));
        var restored = RedisComponent.restore(repository, component, scratch,
                new RedisRestoreOptions(Map.of(), RedisRestoreOptions.Existing.REFUSE), progress);
        try {
            // Keys that expired since the backup are accounted for, not restored.
            Map<Integer, Long> actual = new TreeMap<>(restored.recordsByDb());
            expected.keySet().forEach(db -> actual.putIfAbsent(db, 0L));
            boolean ok = expected.equals(actual);
            return new ComponentResult(component.label(), ok, ok ? restored.keys() + " keys restored"
                    + (restored.expired() > 0 ? " and " + restored.expired() + " expired since the backup" : "")
                    + ", as recorded"
                    : "keys restored per database " + actual + ", recorded " + expected, List.of());
        } finally {
            for (int db : restored.keysByDb().keySet()) {
                dev.sotbackup.redis.CacheInvalidation.flush(scratch, db);
            }
        }
    }

    /** Reads and decrypts every stream: a tampered or missing pack fails here, not during a real restore. */
    private static ComponentResult readEverything(Repository repository, String label, List<List<BlobId>> streams,
                                                  long expectedBytes, String what) throws IOException {
        long bytes = 0;
        for (List<BlobId> blobs : streams) {
            try (InputStream in = repository.openBlobs(blobs)) {
                bytes += in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        boolean ok = bytes == expectedBytes;
        return new ComponentResult(label, ok, streams.size() + " " + what + " read back, " + bytes + " bytes"
                + (ok ? "" : " (recorded " + expectedBytes + ")"), List.of());
    }

    private static String readBack(Repository repository, Component component) throws IOException {
        long bytes = 0;
        for (RedisBody.Database db : ((RedisBody) component.body()).databases().values()) {
            try (InputStream in = repository.openBlobs(db.blobs())) {
                bytes += in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        return bytes + " bytes";
    }

    static String scratchName(SnapshotId id, String database) {
        String name = "sot_verify_" + id.shortId() + "_" + database.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private static ConnInfo createScratch(ConnInfo server, String name) throws SQLException {
        try (Connection connection = Connector.open(server); Statement statement = connection.createStatement()) {
            // A drill interrupted earlier may have left its scratch database behind.
            statement.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name));
            statement.execute("CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0 ENCODING 'UTF8'");
        }
        return server.withDatabase(name);
    }

    private static void dropScratch(ConnInfo server, String name) throws SQLException {
        try (Connection connection = Connector.open(server); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name));
        }
    }
}
