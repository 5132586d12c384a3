package dev.sotbackup.deployment;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.store.Drill;
import dev.sotbackup.store.DrillResult;
import dev.sotbackup.store.StoreKind;
import dev.sotbackup.store.Stores;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    public record Plan(ConnInfo scratch, RedisTarget scratchRedis, int jobs, boolean keep) implements Drill.Settings {
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

    public static Report run(Repository repository, SnapshotId id, Plan plan, Reporter reporter)
            throws IOException, SQLException {
        long started = System.nanoTime();
        Snapshot snapshot = repository.loadSnapshot(id);
        AppVersion version = AppVersion.of(snapshot.deployment() == null ? null
                : snapshot.deployment().application());
        Drill drill = new Drill(repository, id, plan, reporter);
        List<ComponentResult> results = new ArrayList<>();
        long restoreNanos = 0;
        long tables = 0;
        long mismatched = 0;
        for (Component component : snapshot.components()) {
            Optional<StoreKind<?>> kind = Stores.of(component);
            if (kind.isEmpty()) {
                results.add(new ComponentResult(component.label(), true, "a kind this version cannot check; skipped",
                        List.of()));
                continue;
            }
            DrillResult result = kind.get().drill(component, drill);
            restoreNanos += result.restoreNanos();
            tables += result.tablesChecked();
            mismatched += result.tablesMismatched();
            results.add(new ComponentResult(result.component(), result.ok(), result.summary(), result.details()));
        }
        return new Report(id.shortId(), version.describe(), results, restoreNanos / 1_000_000,
                (System.nanoTime() - started) / 1_000_000, tables, mismatched);
    }
}
