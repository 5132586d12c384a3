package dev.sotbackup.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Stats;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sot-backup stats}: how much the repository stores and how much deduplication saves. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show the repository's size: snapshots, packs, blobs, stored and uncompressed bytes, and "
                + "the deduplication and compression ratios.")
public final class StatsCommand extends RepositoryCommand {

    @Option(names = "--json", description = "Print the statistics as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Stats stats = repository.call(Repository::stats);
        return print(json, new StatsJson(stats, stats.dedupRatio(), stats.compressionRatio()),
                out -> print(out, stats));
    }

    private static void print(PrintWriter out, Stats stats) {
        out.println("snapshots:           " + stats.snapshots());
        out.println("packs:               " + stats.packs());
        out.println("blobs:               " + stats.blobs());
        out.println("stored:              " + Sizes.bytes(stats.storedBytes()));
        out.println("uncompressed:        " + Sizes.bytes(stats.plainBytes()));
        out.println("all snapshots:       " + Sizes.bytes(stats.referencedPlainBytes()));
        out.println(String.format(Locale.ROOT, "deduplication ratio: %.2f", stats.dedupRatio()));
        out.println(String.format(Locale.ROOT, "compression ratio:   %.2f", stats.compressionRatio()));
    }

    /** The {@code --json} document: the totals, then the two ratios computed from them. */
    record StatsJson(@JsonUnwrapped Stats totals, double dedupRatio, double compressionRatio) {
    }
}
