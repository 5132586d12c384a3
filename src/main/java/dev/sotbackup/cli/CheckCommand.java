package dev.sotbackup.cli;

import dev.sotbackup.repository.CheckReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sot-backup check}: verifies the repository; exit 1 when it has problems. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify the repository's objects, index and snapshots; with --read-data also every "
                + "pack's content. Prints one line per problem and exits 1 if there is any.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--read-data", description = "Also read, decrypt and verify every blob of every pack.")
    boolean readData;

    @Override
    public Integer call() throws Exception {
        CheckReport report;
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            report = opened.repository().check(readData);
        }
        PrintWriter out = spec.commandLine().getOut();
        report.notes().forEach(note -> out.println("note: " + note));
        report.problems().forEach(out::println);
        if (!report.ok()) {
            spec.commandLine().getErr().println("sot-backup: error: check found " + report.problems().size()
                    + (report.problems().size() == 1 ? " problem" : " problems"));
            return SotBackup.EXIT_FAILURE;
        }
        out.println("checked " + report.snapshotsChecked() + " snapshots and " + report.packsChecked()
                + " packs: no errors were found");
        return SotBackup.EXIT_OK;
    }
}
