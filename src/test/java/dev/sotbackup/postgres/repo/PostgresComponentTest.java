package dev.sotbackup.postgres.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.generator.NetboxShapedGenerator;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.BackupStatistics;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.EveryKind;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database stored in the repository comes back identical, and unchanged rows are not stored twice. */
class PostgresComponentTest {

    private static final char[] PASSWORD = "component test password".toCharArray();
    /** Small chunks so that a 20 MB database behaves like a big one does with the default 1 MiB chunks. */
    private static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024);

    @TempDir
    Path repoDir;

    @Test
    void everyKindDatabaseRestoresIdenticallyFromTheRepository() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String source = EveryKind.create(server, "component_src");
        try (Repository repository = Repository.init(new LocalBackend(repoDir), PASSWORD.clone(),
                new ScryptParams(1024, 8, 1), SMALL_CHUNKS)) {
            String snapshot = backup(repository, server, source, 2).id;
            Component component = repository.loadSnapshot(repository.resolveSnapshot(snapshot)).components().get(0);
            String target = server.createDatabase("component_dst");
            try (StoredArchive archive = PostgresComponent.open(repository, component)) {
                var result = new RestoreEngine(archive::dataSize).restore(archive,
                        ConnInfo.parse(server.conninfo(target)), RestoreOptions.builder().jobs(2).build(),
                                Reporter.silent());
                assertTrue(result.succeeded());
            }
            DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source),
                    DatabaseSnapshot.capture(server, target));
            assertTrue(repository.check(true).ok(), "check --read-data passes");
        }
    }

    /**
     * The dedup criteria on a NetBox-shaped database: an unchanged database adds ≤ 1 % of the first
     * backup's bytes; 1 % more changelog rows (and the oldest 1 % expired, as NetBox's retention does) add ≤ 5 %.
     */
    @Test
    void unchangedRowsAreNotStoredAgain() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String db = server.createDatabase("component_dedup");
        try (Connection c = server.connect(db)) {
            new NetboxShapedGenerator(7).generate(c, 20L << 20);
        }
        try (Repository repository = Repository.init(new LocalBackend(repoDir), PASSWORD.clone(),
                new ScryptParams(1024, 8, 1), SMALL_CHUNKS)) {
            long first = backup(repository, server, db, 2).stats.bytesAdded();
            long second = backup(repository, server, db, 2).stats.bytesAdded();
            assertTrue(second <= first / 100, "unchanged: second backup added " + second + " of " + first);

            try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                st.execute("""
                        INSERT INTO public.core_objectchange (time, user_name, request_id, action,
                            changed_object_type_id, changed_object_id, related_object_type_id, related_object_id,
                            object_repr, prechange_data, postchange_data, user_id)
                        SELECT now(), user_name, gen_random_uuid(), action, changed_object_type_id,
                               changed_object_id, related_object_type_id, related_object_id, object_repr,
                               prechange_data, postchange_data, user_id
                          FROM public.core_objectchange
                         WHERE id % 100 = 7
                        """);
                st.execute("""
                        DELETE FROM public.core_objectchange
                         WHERE id < (SELECT min(id) + (count(*) / 100) FROM public.core_objectchange)
                        """);
            }
            long third = backup(repository, server, db, 2).stats.bytesAdded();
            // Recorded in the surefire report, for docs/benchmarks.md.
            System.out.printf("dedup: first %d B, unchanged %d B (%.2f %%), 1 %% changed %d B (%.2f %%)%n", first,
                    second, 100.0 * second / first, third, 100.0 * third / first);
            assertTrue(third <= first * 5 / 100, "1 % changed: third backup added " + third + " of " + first);
        }
    }

    private record Backup(String id, BackupStatistics stats) {
    }

    private static Backup backup(Repository repository, TestServer server, String db, int jobs) throws Exception {
        try (BackupSession session = repository.startBackup("test-host", jobs)) {
            Component component = PostgresComponent.backup(session, ConnInfo.parse(server.conninfo(db)),
                    CatalogOptions.everything(), jobs, Reporter.silent());
            var id = session.commit(Snapshot.of(Instant.now(), "test", List.of(), List.of(component)));
            return new Backup(id.toString(), session.statistics());
        }
    }
}
