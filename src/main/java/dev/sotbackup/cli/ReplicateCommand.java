package dev.sotbackup.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sotbackup.cli.progress.ProgressBar;
import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.Replication;
import dev.sotbackup.deployment.Scrubber;
import dev.sotbackup.repository.SnapshotDeployment;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionSlots;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
public final class ReplicateCommand extends CliCommand {

    @Option(names = "--from", required = true, paramLabel = "FILE",
            description = "Deployment to copy from (YAML, as for -c).")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "FILE",
            description = "Deployment to copy into; its databases are replaced (previous contents kept unless "
                    + "--drop-previous).")
    Path to;

    @Mixin
    JobsOption jobsOption = new JobsOption(2);

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

    @Override
    public Integer call() throws Exception {
        int jobs = jobsOption.checked(spec);
        if (spec.commandLine().getParseResult().hasMatchedOption("--admin-user") && adminPasswordFile == null) {
            throw usage("--admin-user needs --admin-password-file");
        }
        report.validate();
        Environment environment = environment();
        Deployment source = DeploymentOptions.load(from, environment);
        Deployment target = DeploymentOptions.load(to, environment);
        String password = adminPasswordFile == null ? null : new String(RepositoryOptions.readFirstLine(adminPasswordFile, "--admin-password-file"));
        // The source is read while the target loads: both hold -j connections at once, on one server perhaps.
        List<ConnInfo> databases = new ArrayList<>(DeploymentOptions.conninfos(source));
        databases.addAll(DeploymentOptions.conninfos(target));
        int jobsWithin = report.jobsWithin(ConnectionSlots.limitAllAtOnce(jobs, databases));
        Replication.Plan plan = new Replication.Plan(jobsWithin, keepChangelog, !noScrub,
                adminPasswordFile == null ? null : adminUser, password, noOwner, dropPrevious, report.verbose());

        PrintWriter out = out();
        Replication.Outcome outcome;
        ConsoleReporter reporter = report.reporter();
        try (ReportOptions.RunMetrics metrics = report.start("replicate", Map.of("deployment", target.name()));
             ProgressBar bar = report.progressBar("replicate", reporter)) {
            outcome = Replication.run(source, target, plan, reporter);
            bar.complete();
            long bytes = outcome.databases().stream().mapToLong(Replication.DatabaseResult::bytes).sum();
            metrics.bytes(() -> bytes, () -> bytes).succeeded();
        }
        if (report.json()) {
            JsonOutput.print(out, ReplicateJson.of(source, target, plan, outcome));
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

    /** The {@code --json} document; {@code application} is written (null) when the source's version is unknown. */
    record ReplicateJson(String from, String to, String profile,
                         @JsonInclude(JsonInclude.Include.ALWAYS) SnapshotDeployment.Application application,
                         int jobs, boolean scrubbed, double seconds, List<DatabaseJson> databases,
                         Long cacheKeysFlushed, List<String> notes, List<String> followUpCommands) {

        static ReplicateJson of(Deployment source, Deployment target, Replication.Plan plan,
                                Replication.Outcome outcome) {
            return new ReplicateJson(source.name(), target.name(), source.profile().configName(),
                    outcome.sourceVersion().recorded(), plan.jobs(), plan.scrub(),
                    outcome.elapsed().toMillis() / 1000.0,
                    outcome.databases().stream().map(DatabaseJson::of).toList(),
                    outcome.cacheKeysFlushed() >= 0 ? outcome.cacheKeysFlushed() : null, outcome.notes(),
                    outcome.followUps());
        }
    }

    /** One database copied; {@code scrub} only when it was scrubbed. */
    record DatabaseJson(String name, String from, String to, int tables, long rows, long bytes, double seconds,
                        String changelogTable, boolean changelogCopied, List<String> rowsNotCopied,
                        List<ScrubJson> scrub, String previousKeptAs) {

        static DatabaseJson of(Replication.DatabaseResult database) {
            return new DatabaseJson(database.name(), database.from(), database.to(), database.tables(),
                    database.rows(), database.bytes(), database.elapsed().toMillis() / 1000.0,
                    database.changelogTable().orElse(null), database.changelogCopied(), database.notCopied(),
                    database.scrub() == null ? null : database.scrub().changes().stream()
                            .map(change -> new ScrubJson(change.table(), change.what(), change.rows())).toList(),
                    database.previousKeptAs());
        }
    }

    record ScrubJson(String table, String change, long rows) {
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
