package dev.sotbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.cli.progress.ProgressBar;
import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.DeploymentConfig;
import dev.sotbackup.deployment.Replication;
import dev.sotbackup.deployment.Scrubber;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionSlots;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sot-backup replicate --from A.yml --to B.yml}: production → development directly, without a
 * repository, scrubbed by default, the changelog's rows left out by default.
 */
@Command(name = "replicate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy a deployment's databases into another deployment directly (production → development): "
                + "streamed from one snapshot of the source into scratch databases beside the target's, loaded in "
                + "parallel, scrubbed, then swapped in; the target's cache is flushed.",
                "Scrubbing (on unless --no-scrub): API tokens, sessions and social-auth rows deleted, passwords made "
                        + "unusable, e-mails replaced by user<id>@example.invalid, webhook secrets and headers "
                        + "cleared, webhook URLs cut to scheme and host, credentials and query strings removed "
                        + "from data-source and Git URLs and parameters, Wi-Fi keys cleared, the same fields "
                        + "removed from a kept changelog's history; webhooks / event rules / scheduled jobs "
                        + "disabled. Every field scrubbed is listed. Redis and directories are not copied."})
public final class ReplicateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FILE",
            description = "Deployment to copy from (YAML, as for -c).")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "FILE",
            description = "Deployment to copy into; its databases are replaced (previous contents kept unless "
                    + "--drop-previous).")
    Path to;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "2",
            description = "Connections on each side (default 2): N read the source, N load the target.")
    int jobs;

    @Option(names = "--keep-changelog",
            description = "Copy the changelog's rows too (left out by default, as the applications advise).")
    boolean keepChangelog;

    @Option(names = "--no-scrub", description = "Copy credentials, sessions and enabled webhooks/jobs as they are.")
    boolean noScrub;

    @Option(names = "--admin-password-file", paramLabel = "FILE",
            description = "Give --admin-user this password (the file's first line) in the copy.")
    Path adminPasswordFile;

    @Option(names = "--admin-user", paramLabel = "NAME", defaultValue = "admin",
            description = "The user --admin-password-file applies to (default admin); must exist.")
    String adminUser;

    @Option(names = {"-O", "--no-owner"},
            description = "Do not set object owners: everything belongs to the target connection's user.")
    boolean noOwner;

    @Option(names = "--drop-previous",
            description = "Drop the target's previous database after the swap instead of keeping it.")
    boolean dropPrevious;

    @Mixin
    ReportOptions report;

    @Option(names = {"-v", "--verbose"}, description = "Report progress on standard error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        OptionChecks.jobs(spec, jobs);
        if (spec.commandLine().getParseResult().hasMatchedOption("--admin-user") && adminPasswordFile == null) {
            throw new ParameterException(spec.commandLine(), "--admin-user needs --admin-password-file");
        }
        report.validate();
        Environment environment = ((SotBackup) spec.root().userObject()).environment();
        Path home = Path.of(System.getProperty("user.home"));
        Deployment source = DeploymentConfig.load(from, environment.variables(), home);
        Deployment target = DeploymentConfig.load(to, environment.variables(), home);
        String password = adminPasswordFile == null ? null : new String(RepositoryOptions.readFirstLine(adminPasswordFile, "--admin-password-file"));
        // The source is read while the target loads: both hold -j connections at once, on one server perhaps.
        List<ConnInfo> databases = new ArrayList<>(DeploymentOptions.conninfos(source));
        databases.addAll(DeploymentOptions.conninfos(target));
        int jobsWithin = report.jobsWithin(ConnectionSlots.limitAllAtOnce(jobs, databases));
        Replication.Plan plan = new Replication.Plan(jobsWithin, keepChangelog, !noScrub,
                adminPasswordFile == null ? null : adminUser, password, noOwner, dropPrevious, verbose);

        PrintWriter out = spec.commandLine().getOut();
        Replication.Outcome outcome;
        ConsoleReporter reporter = report.reporter(ConsoleReporter.levels(verbose));
        try (ReportOptions.RunMetrics metrics = report.start("replicate", Map.of("deployment", target.name()));
             ProgressBar bar = report.progressBar("replicate", reporter)) {
            outcome = Replication.run(source, target, plan, reporter);
            bar.complete();
            long bytes = outcome.databases().stream().mapToLong(Replication.DatabaseResult::bytes).sum();
            metrics.bytes(() -> bytes, () -> bytes).succeeded();
        }
        if (report.json()) {
            JsonOutput.print(out, toJson(source, target, plan, outcome));
        } else if (!report.quiet()) {
            print(out, source, target, outcome);
        }
        return SotBackup.EXIT_OK;
    }


    private static void print(PrintWriter out, Deployment source, Deployment target, Replication.Outcome outcome) {
        out.println("replicated " + source.name() + " → " + target.name() + " in "
                + seconds(outcome.elapsed().toMillis())
                + (outcome.sourceVersion().describe().isEmpty() ? "" : " (" + outcome.sourceVersion().describe()
                + ")"));
        for (Replication.DatabaseResult database : outcome.databases()) {
            out.println("  " + database.name() + ": " + database.tables() + " tables, " + database.rows()
                    + " rows, " + Sizes.bytes(database.bytes()) + " copied in " + seconds(database.elapsed()
                    .toMillis()) + " into " + database.to());
            database.changelogTable().ifPresent(table -> out.println("    changelog " + table + ": "
                    + (database.changelogCopied() ? "rows copied" : "rows left out (--keep-changelog copies them)")));
            if (!database.notCopied().isEmpty()) {
                out.println("    not copied (emptied by the scrub anyway): " + String.join(", ", database.notCopied()));
            }
            if (database.scrub() != null) {
                out.println("    scrubbed before the swap:");
                for (Scrubber.Change change : database.scrub().changes()) {
                    out.println("      " + change.describe());
                }
            }
            if (database.previousKeptAs() != null) {
                out.println("    previous contents kept as " + database.previousKeptAs()
                        + " (drop it when no longer needed, or use --drop-previous)");
            }
        }
        if (outcome.cacheKeysFlushed() >= 0) {
            out.println("  cache flushed: " + outcome.cacheKeysFlushed() + " keys");
        }
        for (String note : outcome.notes()) {
            out.println("  note: " + note);
        }
        if (!outcome.followUps().isEmpty()) {
            out.println("next, in the target application:");
            outcome.followUps().forEach(command -> out.println("  " + command));
        }
    }

    private static ObjectNode toJson(Deployment source, Deployment target, Replication.Plan plan,
                                     Replication.Outcome outcome) {
        ObjectNode root = JsonOutput.object();
        root.put("from", source.name());
        root.put("to", target.name());
        root.put("profile", source.profile().configName());
        root.set("application", outcome.sourceVersion().toJson());
        root.put("jobs", plan.jobs());
        root.put("scrubbed", plan.scrub());
        root.put("seconds", outcome.elapsed().toMillis() / 1000.0);
        ArrayNode databases = root.putArray("databases");
        for (Replication.DatabaseResult database : outcome.databases()) {
            ObjectNode node = databases.addObject();
            node.put("name", database.name());
            node.put("from", database.from());
            node.put("to", database.to());
            node.put("tables", database.tables());
            node.put("rows", database.rows());
            node.put("bytes", database.bytes());
            node.put("seconds", database.elapsed().toMillis() / 1000.0);
            database.changelogTable().ifPresent(table -> node.put("changelog_table", table));
            node.put("changelog_copied", database.changelogCopied());
            ArrayNode notCopied = node.putArray("rows_not_copied");
            database.notCopied().forEach(notCopied::add);
            if (database.scrub() != null) {
                ArrayNode changes = node.putArray("scrub");
                for (Scrubber.Change change : database.scrub().changes()) {
                    changes.addObject().put("table", change.table()).put("change", change.what())
                            .put("rows", change.rows());
                }
            }
            if (database.previousKeptAs() != null) {
                node.put("previous_kept_as", database.previousKeptAs());
            }
        }
        if (outcome.cacheKeysFlushed() >= 0) {
            root.put("cache_keys_flushed", outcome.cacheKeysFlushed());
        }
        ArrayNode notes = root.putArray("notes");
        outcome.notes().forEach(notes::add);
        ArrayNode followUps = root.putArray("follow_up_commands");
        outcome.followUps().forEach(followUps::add);
        return root;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
