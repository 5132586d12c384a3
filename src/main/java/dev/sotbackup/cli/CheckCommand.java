package dev.sotbackup.cli;

import dev.sotbackup.repository.CheckReport;
import dev.sotbackup.repository.DataSubset;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sot-backup check}: verifies the repository; exit 1 when it has problems. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify the repository's objects, index, snapshots and pack sizes; with --read-data also "
                + "every pack's content (--read-data-subset: some packs'). Prints one line per problem and exits 1 "
                + "if there is any.")
public final class CheckCommand extends RepositoryCommand {

    @Option(names = "--read-data", description = "Also read, decrypt and verify every blob of every pack.")
    boolean readData;

    @Option(names = "--read-data-subset", paramLabel = "n/m|N%",
            description = "Like --read-data for part of the packs: n/m the n-th of m slices by pack id (1/7 … 7/7 "
                    + "read everything once), N% a random N percent.")
    String readDataSubset;

    @Override
    public Integer call() throws Exception {
        DataSubset subset = subset();
        CheckReport report = repository.call(repo -> repo.check(subset));
        PrintWriter out = out();
        report.notes().forEach(note -> out.println("note: " + note));
        report.problems().forEach(out::println);
        if (!report.ok()) {
            err().println("sot-backup: error: check found " + report.problems().size()
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
            throw usage("--read-data and --read-data-subset cannot be used together");
        }
        try {
            return DataSubset.parse(readDataSubset);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
