package dev.sotbackup.cli;

import dev.sotbackup.repository.PruneResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sot-backup prune}: removes the data no snapshot references. */
@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Remove the data no snapshot needs any more (after forget), repacking partly used packs. "
                + "Needs the repository to itself.")
public final class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PruneResult result;
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            result = opened.repository().prune();
        }
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), result);
        } else {
            print(spec.commandLine().getOut(), result);
        }
        return SotBackup.EXIT_OK;
    }

    static void print(PrintWriter out, PruneResult result) {
        out.println("removed " + result.blobsRemoved() + " unused blobs: deleted " + result.packsDeleted()
                + " packs, repacked " + result.packsRepacked() + " into " + result.packsWritten()
                + (result.unindexedPacksDeleted() == 0 ? ""
                        : ", deleted " + result.unindexedPacksDeleted() + " packs of interrupted backups")
                + "; freed " + Sizes.bytes(result.bytesFreed()));
    }
}
