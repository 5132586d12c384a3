package dev.sotbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.demo.Demo;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sot-backup demo}: the whole tool end to end on embedded servers; needs nothing installed. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start embedded PostgreSQL, Redis and S3, build a small NetBox-shaped deployment, back it up "
                + "into an encrypted repository, restore it into a second deployment and verify it; prints each "
                + "step and how long it took. Exit 0 when the restored deployment matches.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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
        PrintWriter err = spec.commandLine().getErr();
        ConsoleReporter reporter = new ConsoleReporter(err, ConsoleReporter.levels(verbose));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter table = json ? new PrintWriter(OutputStream.nullOutputStream()) : out;
        Demo.Result result = Demo.run(table, new Demo.Options(databaseBytes, keep, Version.current(), reporter));
        if (json) {
            JsonOutput.print(out, toJson(result));
        }
        if (!result.passed()) {
            err.println("sot-backup: error: demo failed at " + result.failure());
            return SotBackup.EXIT_FAILURE;
        }
        return SotBackup.EXIT_OK;
    }

    private static ObjectNode toJson(Demo.Result result) {
        ObjectNode node = JsonOutput.object();
        node.put("passed", result.passed());
        node.put("duration_ms", result.took().toMillis());
        node.put("snapshot_id", result.snapshotId());
        ArrayNode steps = node.putArray("steps");
        for (Demo.Step step : result.steps()) {
            ObjectNode entry = steps.addObject();
            entry.put("step", step.name());
            entry.put("ok", step.ok());
            entry.put("duration_ms", step.took().toMillis());
            entry.put("what", step.what());
        }
        if (result.comparison() != null) {
            ObjectNode compared = node.putObject("compared");
            compared.put("tables", result.comparison().tables());
            compared.put("rows", result.comparison().rows());
            compared.put("redis_keys", result.comparison().redisKeys());
            compared.put("files", result.comparison().files());
            compared.put("objects", result.comparison().objects());
            result.comparison().differences().forEach(compared.putArray("differences")::add);
        }
        if (result.kept() != null) {
            node.put("kept", result.kept().toString());
        }
        if (result.failure() != null) {
            node.put("failure", result.failure());
        }
        return node;
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
            throw new ParameterException(spec.commandLine(), "--size: want a byte count such as 8M, not '"
                    + text + "'");
        }
    }
}
