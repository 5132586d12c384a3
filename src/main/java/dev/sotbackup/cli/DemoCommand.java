package dev.sotbackup.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sotbackup.demo.Demo;
import dev.sotbackup.demo.DeploymentComparison;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sot-backup demo}: the whole tool end to end on embedded servers; needs nothing installed. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start embedded PostgreSQL, Redis and S3, build a small NetBox-shaped deployment, back it up "
                + "into an encrypted repository, restore it into a second deployment and verify it; prints each "
                + "step and how long it took. Exit 0 when the restored deployment matches.")
public final class DemoCommand extends CliCommand {

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Keep the deployment files, media directories and a copy of the repository (with its "
                    + "password) in DIR, a new or empty directory. Default: everything is removed.")
    Path keep;

    @Option(names = "--size", paramLabel = "BYTES",
            description = "Row data of the generated database, e.g. 8M or 200M (default: 8M).")
    String size;

    @Option(names = "--json", description = "Print the result as one JSON object instead of the step table.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Report the components' progress on standard error.")
    boolean verbose;

    @Override
    public Integer call() {
        long databaseBytes = size == null ? Demo.DEFAULT_DATABASE_BYTES : parseSize(size);
        PrintWriter err = err();
        Consumer<String> progress = verbose ? line -> err.println("sot-backup: " + line) : line -> { };
        PrintWriter out = out();
        PrintWriter table = json ? new PrintWriter(OutputStream.nullOutputStream()) : out;
        Demo.Result result = Demo.run(table, new Demo.Options(databaseBytes, keep, Version.current(), progress));
        if (json) {
            JsonOutput.print(out, DemoJson.of(result));
        }
        if (!result.passed()) {
            err.println("sot-backup: error: demo failed at " + result.failure());
            return SotBackup.EXIT_FAILURE;
        }
        return SotBackup.EXIT_OK;
    }

    /** The {@code --json} document; {@code snapshot_id} is written (null) when the demo failed before the backup. */
    record DemoJson(boolean passed, long durationMs, @JsonInclude(JsonInclude.Include.ALWAYS) String snapshotId,
                    List<StepJson> steps, DeploymentComparison.Comparison compared, String kept, String failure) {

        static DemoJson of(Demo.Result result) {
            return new DemoJson(result.passed(), result.took().toMillis(), result.snapshotId(),
                    result.steps().stream().map(step -> new StepJson(step.name(), step.ok(), step.took().toMillis(),
                            step.what())).toList(),
                    result.comparison(), result.kept() == null ? null : result.kept().toString(), result.failure());
        }
    }

    record StepJson(String step, boolean ok, long durationMs, String what) {
    }

    /** A byte count with an optional K, M or G (powers of 1024), e.g. 8M. */
    private long parseSize(String text) {
        String value = text.strip().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
        long unit = 1;
        if (!value.isEmpty() && "KMG".indexOf(value.charAt(value.length() - 1)) >= 0) {
            unit = 1L << (10 * ("KMG".indexOf(value.charAt(value.length() - 1)) + 1));
            value = value.substring(0, value.length() - 1);
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number < 0 || number > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return number * unit;
        } catch (NumberFormatException e) {
            throw usage("--size: want a byte count such as 8M, not '"
                    + text + "'");
        }
    }
}
