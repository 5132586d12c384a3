package dev.sotbackup.cli;

import dev.sotbackup.repository.CheckReport;
import dev.sotbackup.repository.DataSubset;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sot-backup check}: verifies the repository; exit 1 when it has problems. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify the repository's objects, index, snapshots and pack sizes; with --read-data also "
                + "every pack's content (--read-data-subset: some packs'). Prints one line per problem and exits 1 "
                + "if there is any.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--read-data", description = "Also read, decrypt and verify every blob of every pack.")
    boolean readData;

    @Option(names = "--read-data-subset", paramLabel = "n/m|N%",
            description = "Like --read-data for part of the packs: n/m the n-th of m slices by pack id (1/7 … 7/7 "
                    + "read everything once), N% a random N percent.")
    String readDataSubset;

    @Override
    public Integer call() throws Exception {
        DataSubset subset = subset();
        CheckReport report;
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            report = opened.repository().check(subset);
        }
        PrintWriter out = spec.commandLine().getOut();
        report.notes().forEach(note -> out.println("note: " + note));
        report.problems().forEach(out::println);
        if (!report.ok()) {
            spec.commandLine().getErr().println("sot-backup: error: check found " + report.problems().size()
                    + (report.problems().size() == 1 ? " problem" : " problems"));
            return SotBackup.EXIT_FAILURE;
        }
        out.println("checked " + count(report.snapshotsChecked(), "snapshot") + ", the sizes of "
                + count(report.packsSized(), "pack") + " and the content of " + report.packsChecked()
                + " of them: no errors were found");
        return SotBackup.EXIT_OK;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private DataSubset subset() {
        if (readDataSubset == null) {
            return readData ? DataSubset.ALL : DataSubset.NONE;
        }
        if (readData) {
            throw new ParameterException(spec.commandLine(), "--read-data and --read-data-subset cannot be used "
                    + "together");
        }
        try {
            return DataSubset.parse(readDataSubset);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
