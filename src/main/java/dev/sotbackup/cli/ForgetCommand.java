package dev.sotbackup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.ForgetResult;
import dev.sotbackup.repository.PruneResult;
import dev.sotbackup.repository.RetentionPolicy;
import dev.sotbackup.repository.SnapshotInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sot-backup forget}: removes the snapshots a retention policy does not keep. */
@Command(name = "forget", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Remove the snapshots that no --keep-* rule keeps (per host and set of components); "
                + "their data stays until prune.")
public final class ForgetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

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

    @Option(names = "--prune", description = "Then remove the data no remaining snapshot needs (as prune does).")
    boolean prune;

    @Option(names = {"-n", "--dry-run"}, description = "Only show what would be removed.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RetentionPolicy policy;
        try {
            policy = RetentionPolicy.none().withKeepLast(keepLast).withKeepHourly(keepHourly)
                    .withKeepDaily(keepDaily).withKeepWeekly(keepWeekly).withKeepMonthly(keepMonthly)
                    .withKeepYearly(keepYearly);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--keep-* counts must not be negative");
        }
        if (policy.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "no policy given: use at least one of --keep-last, --keep-hourly, --keep-daily, "
                            + "--keep-weekly, --keep-monthly, --keep-yearly");
        }
        ForgetResult result;
        PruneResult pruned = null;
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            result = opened.repository().forget(policy, dryRun);
            if (prune && !dryRun) {
                pruned = opened.repository().prune();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode document = JsonOutput.object();
            document.set("keep", SnapshotsCommand.toJson(result.keep()));
            document.set("remove", SnapshotsCommand.toJson(result.remove()));
            document.put("dry_run", dryRun);
            if (pruned != null) {
                document.set("prune", PruneCommand.toJson(pruned));
            }
            JsonOutput.print(out, document);
            return SotBackup.EXIT_OK;
        }
        printGroup(out, "keep", result.keep());
        printGroup(out, dryRun ? "would remove" : "remove", result.remove());
        if (pruned != null) {
            PruneCommand.print(out, pruned);
        }
        return SotBackup.EXIT_OK;
    }

    private static void printGroup(PrintWriter out, String verb, List<SnapshotInfo> snapshots) {
        out.println(verb + " " + snapshots.size() + (snapshots.size() == 1 ? " snapshot:" : " snapshots:"));
        if (!snapshots.isEmpty()) {
            SnapshotsCommand.printTable(out, snapshots);
        }
        out.println();
    }
}
