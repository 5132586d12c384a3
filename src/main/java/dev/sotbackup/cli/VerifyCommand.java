package dev.sotbackup.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sotbackup.deployment.RestoreDrill;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionSlots;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.repository.LockedSnapshot;
import dev.sotbackup.repository.Repository;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sot-backup verify SNAPSHOT --scratch CONNINFO}: proves a snapshot restores — into scratch servers, never
 * production — and reports how long the restore took. Exit 0 when everything matches the manifest, 3 when some
 * data does not, 1 when the drill could not run.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Restore drill: restore a snapshot into scratch servers, compare every table's row count and "
                + "checksum (and Redis keys, files, objects) with the manifest, report the restore time (RTO).")
public final class VerifyCommand extends RepositoryCommand {

    @Mixin
    ReportOptions report;

    @Mixin
    SnapshotArgument snapshot;

    @Option(names = "--scratch", required = true, paramLabel = "CONNINFO",
            description = "PostgreSQL server for the drill (its database, e.g. postgres, is used to create and drop "
                    + "sot_verify_* databases).")
    String scratch;

    @Option(names = "--scratch-redis", paramLabel = "URI",
            description = "Redis server for the drill; the snapshot's databases must be empty there and are emptied "
                    + "again afterwards.")
    String scratchRedis;

    @Mixin
    JobsOption jobsOption = new JobsOption(2);

    @Option(names = "--keep", description = "Keep the scratch databases for inspection.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        int jobs = jobsOption.checked(spec);
        report.validate();
        Environment environment = repository.environment();
        ConnInfo scratchServer = ConnInfo.parse(scratch, environment.variables(), environment.home());
        RedisTarget redis = scratchRedis == null ? null : RedisTarget.parse(scratchRedis, environment.variables());
        int jobsWithin = report.jobsWithin(ConnectionSlots.limit(jobs, scratchServer));
        RestoreDrill.Report result;
        try (ReportOptions.RunMetrics metrics = report.start("verify", Map.of());
             RepositoryOptions.OpenRepository opened = repository.open()) {
            Repository repo = opened.repository();
            try (LockedSnapshot locked = repo.lockSnapshot(snapshot.query(null))) {
                result = RestoreDrill.run(repo, locked.id(), new RestoreDrill.Plan(scratchServer, redis, jobsWithin, keep),
                        report.reporter());
            }
            metrics.gauge("sot_backup_verify_rto_seconds", "Time the drill's database restores took.",
                    result.restoreMillis() / 1000.0);
            metrics.gauge("sot_backup_verify_tables_checked", "Tables whose rows the drill compared.",
                    result.tablesChecked());
            metrics.gauge("sot_backup_verify_tables_mismatched", "Tables whose rows differ from the manifest.",
                    result.tablesMismatched());
            if (result.ok()) {
                metrics.succeeded();
            }
        }
        print(report.json(), new VerifyJson(result.snapshot(), result.application(), result.ok(),
                result.restoreMillis() / 1000.0, result.totalMillis() / 1000.0, result.tablesChecked(),
                result.tablesMismatched(), result.components()), text -> print(text, result));
        return result.ok() ? SotBackup.EXIT_OK : SotBackup.EXIT_VERIFY_MISMATCH;
    }

    private static void print(PrintWriter out, RestoreDrill.Report result) {
        for (RestoreDrill.ComponentResult component : result.components()) {
            out.println((component.ok() ? "ok       " : "MISMATCH ") + component.component() + ": "
                    + component.summary());
            component.details().forEach(detail -> out.println("           " + detail));
        }
        out.println(String.format(Locale.ROOT, "snapshot %s%s %s: restore took %.1f s (RTO), drill %.1f s",
                result.snapshot(), result.application().isEmpty() ? "" : " (" + result.application() + ")",
                result.ok() ? "verified" : "FAILED verification", result.restoreMillis() / 1000.0,
                result.totalMillis() / 1000.0));
    }

    /** The {@code --json} document: the drill's report with its times in seconds. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record VerifyJson(String snapshot, String application, boolean ok, double rtoSeconds, double durationSeconds,
                      long tablesChecked, long tablesMismatched, List<RestoreDrill.ComponentResult> components) {
    }
}
