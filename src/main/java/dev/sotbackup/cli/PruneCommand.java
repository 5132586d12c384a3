package dev.sotbackup.cli;

import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.PruneResult;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sot-backup prune}: removes the data no snapshot references. */
@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Remove the data no snapshot needs any more (after forget), repacking partly used packs. "
                + "Needs the repository to itself.")
public final class PruneCommand extends RepositoryCommand {

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PruneResult result = repository.call(Repository::prune);
        return print(json, result, out -> print(out, result));
    }

    static void print(PrintWriter out, PruneResult result) {
        out.println("removed " + result.blobsRemoved() + " unused blobs: deleted " + result.packsDeleted()
                + " packs, repacked " + result.packsRepacked() + " into " + result.packsWritten()
                + (result.unindexedPacksDeleted() == 0 ? ""
                        : ", deleted " + result.unindexedPacksDeleted() + " packs of interrupted backups")
                + "; freed " + Sizes.bytes(result.bytesFreed()));
    }
}
