package dev.sotbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.SnapshotInfo;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sot-backup snapshots}: the repository's snapshots, oldest first. */
@Command(name = "snapshots", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the snapshots in the repository, oldest first.")
public final class SnapshotsCommand implements Callable<Integer> {

    static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--json", description = "Print the snapshots as a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<SnapshotInfo> snapshots;
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            snapshots = opened.repository().snapshots();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, toJson(snapshots));
        } else {
            printTable(out, snapshots);
        }
        return SotBackup.EXIT_OK;
    }

    static ArrayNode toJson(List<SnapshotInfo> snapshots) {
        ArrayNode array = JsonOutput.array();
        for (SnapshotInfo info : snapshots) {
            ObjectNode node = array.addObject();
            node.put("id", info.id().toString());
            node.put("short_id", info.id().shortId());
            node.put("time", info.time().toString());
            node.put("hostname", info.hostname());
            ArrayNode components = node.putArray("components");
            info.components().forEach(components::add);
        }
        return array;
    }

    /** restic's layout: ID, local time, host, components; a count at the end. */
    static void printTable(PrintWriter out, List<SnapshotInfo> snapshots) {
        int hostWidth = Math.max(4, snapshots.stream().mapToInt(s -> s.hostname().length()).max().orElse(0));
        String format = "%-8s  %-19s  %-" + hostWidth + "s  %s%n";
        out.printf(format, "ID", "Time", "Host", "Components");
        out.println("-".repeat(8 + 2 + 19 + 2 + hostWidth + 2 + "Components".length()));
        for (SnapshotInfo info : snapshots) {
            out.printf(format, info.id().shortId(), LOCAL_TIME.format(info.time()), info.hostname(),
                    String.join(", ", info.components()));
        }
        out.println(snapshots.size() + (snapshots.size() == 1 ? " snapshot" : " snapshots"));
    }
}
