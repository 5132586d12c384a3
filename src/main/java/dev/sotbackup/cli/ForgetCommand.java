package dev.sotbackup.cli;

import dev.sotbackup.repository.ForgetResult;
import dev.sotbackup.repository.GroupBy;
import dev.sotbackup.repository.PruneResult;
import dev.sotbackup.repository.RetentionPolicy;
import dev.sotbackup.repository.RetentionPolicy.Period;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.SnapshotInfo;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sot-backup forget}: removes the snapshots a retention policy does not keep, group by group, and says
 * per group what it keeps (and why) and removes.
 */
@Command(name = "forget", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Remove the snapshots that no --keep-* rule keeps, applying the rules to each group of "
                + "snapshots (by default: per deployment and scope); their data stays until prune.")
public final class ForgetCommand extends RepositoryCommand {

    @Mixin
    SnapshotFilterOptions filters;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots.")
    int keepLast;

    @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N hours with one.")
    int keepHourly;

    @Option(names = "--keep-daily", paramLabel = "N", description = "Keep the newest snapshot of each of the last N days with one.")
    int keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N weeks with one.")
    int keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N months with one.")
    int keepMonthly;

    @Option(names = "--keep-yearly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N years with one.")
    int keepYearly;

    @Option(names = "--group-by", paramLabel = "KEYS", defaultValue = "deployment,scope",
            description = "Apply the rules to each group of snapshots equal in these: host, deployment (the host "
                    + "for snapshots without one), scope, tags; comma-separated, '' for one group of all "
                    + "(default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--prune", description = "Then remove the data no remaining snapshot needs (as prune does).")
    boolean prune;

    @Option(names = {"-n", "--dry-run"}, description = "Only show what would be removed.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RetentionPolicy policy = policy();
        Forgotten done = repository.call(repo -> {
            ForgetResult result = repo.forget(policy, filters.filter(), dryRun);
            return new Forgotten(result, prune && !dryRun ? repo.prune() : null);
        });
        return print(json, ForgetJson.of(done.result(), dryRun, done.pruned()),
                out -> print(out, done.result(), done.pruned()));
    }

    /** What forget removed, and what the prune after it did (null without --prune). */
    private record Forgotten(ForgetResult result, PruneResult pruned) {
    }

    /** The --keep-* rules and --group-by; none at all is a usage error. */
    private RetentionPolicy policy() {
        RetentionPolicy policy;
        try {
            policy = RetentionPolicy.none().withKeep(Period.LAST, keepLast).withKeep(Period.HOURLY, keepHourly)
                    .withKeep(Period.DAILY, keepDaily).withKeep(Period.WEEKLY, keepWeekly)
                    .withKeep(Period.MONTHLY, keepMonthly).withKeep(Period.YEARLY, keepYearly);
        } catch (IllegalArgumentException e) {
            throw usage("--keep-* counts must not be negative");
        }
        try {
            policy = policy.withGroupBy(GroupBy.parse(groupBy));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (policy.isEmpty()) {
            throw usage("no policy given: use at least one of --keep-last, --keep-hourly, --keep-daily, "
                    + "--keep-weekly, --keep-monthly, --keep-yearly");
        }
        return policy;
    }

    /** Per group the kept snapshots with their reasons and the removed ones, restic's way. */
    private void print(PrintWriter out, ForgetResult result, PruneResult pruned) {
        if (result.groups().isEmpty()) {
            out.println("no snapshots" + (filters.filter().isEmpty() ? "" : " match " + filters.filter().describe()));
        }
        for (ForgetResult.Group group : result.groups()) {
            out.println("snapshots of " + group.group().describe() + ":");
            Map<SnapshotId, List<String>> reasons = new HashMap<>();
            group.keep().forEach(kept -> reasons.put(kept.snapshot().id(), kept.reasons()));
            printSnapshots(out, "keep", group.keep().stream().map(ForgetResult.Kept::snapshot).toList(), reasons);
            printSnapshots(out, dryRun ? "would remove" : "remove", group.remove(), Map.of());
        }
        if (pruned != null) {
            PruneCommand.print(out, pruned);
        }
    }

    private static void printSnapshots(PrintWriter out, String verb, List<SnapshotInfo> snapshots,
                                       Map<SnapshotId, List<String>> reasons) {
        out.println(verb + " " + snapshots.size() + (snapshots.size() == 1 ? " snapshot:" : " snapshots:"));
        if (!snapshots.isEmpty()) {
            SnapshotsCommand.printTable(out, snapshots, reasons);
        }
        out.println();
    }

    /** restic's shape: per group the group's keys, keep with reasons, remove; then all kept and removed. */
    record ForgetJson(List<GroupJson> groups, List<SnapshotsCommand.SnapshotJson> keep,
                      List<SnapshotsCommand.SnapshotJson> remove, boolean dryRun, PruneResult prune) {

        static ForgetJson of(ForgetResult result, boolean dryRun, PruneResult pruned) {
            List<GroupJson> groups = result.groups().stream().map(group -> new GroupJson(group.group(),
                    group.keep().stream().map(kept -> SnapshotsCommand.SnapshotJson.of(kept.snapshot(),
                            kept.reasons())).toList(),
                    SnapshotsCommand.SnapshotJson.of(group.remove()))).toList();
            return new ForgetJson(groups, SnapshotsCommand.SnapshotJson.of(result.keep()),
                    SnapshotsCommand.SnapshotJson.of(result.remove()), dryRun, pruned);
        }
    }

    /** One group: the keys it is equal in (the others left out), what it keeps and removes. */
    record GroupJson(GroupBy.SnapshotGroup group, List<SnapshotsCommand.SnapshotJson> keep,
                     List<SnapshotsCommand.SnapshotJson> remove) {
    }
}
