package dev.sotbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.SnapshotInfo;
import dev.sotbackup.repository.SnapshotScope;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sot-backup snapshots}: the repository's snapshots, oldest first. */
@Command(name = "snapshots", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the snapshots in the repository, oldest first: host, deployment, tags, application "
                + "version, size, scope (full, or partial with what was selected) and components.")
public final class SnapshotsCommand implements Callable<Integer> {

    static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Mixin
    SnapshotFilterOptions filters;

    @Option(names = "--json", description = "Print the snapshots as a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<SnapshotInfo> snapshots;
        try (RepositoryOptions.OpenRepository opened = repository.open()) {
            snapshots = opened.repository().snapshots(filters.filter());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, toJson(snapshots));
        } else {
            printTable(out, snapshots, Map.of());
            out.println(snapshots.size() + (snapshots.size() == 1 ? " snapshot" : " snapshots"));
        }
        return SotBackup.EXIT_OK;
    }

    static ArrayNode toJson(List<SnapshotInfo> snapshots) {
        ArrayNode array = JsonOutput.array();
        snapshots.forEach(info -> toJson(array.addObject(), info));
        return array;
    }

    static ObjectNode toJson(ObjectNode node, SnapshotInfo info) {
        node.put("id", info.id().toString());
        node.put("short_id", info.id().shortId());
        node.put("time", info.time().toString());
        node.put("hostname", info.hostname());
        info.tags().forEach(node.putArray("tags")::add);
        node.put("deployment", info.deployment());
        node.put("application", info.application());
        node.put("size", info.size());
        ObjectNode scope = info.scope().toJson();
        scope.put("description", info.scope().describe());
        node.set("scope", scope);
        info.components().forEach(node.putArray("components")::add);
        return node;
    }

    /**
     * restic's layout: ID, local time, host, deployment, tags, application, size, scope, components with what
     * was selected; with {@code reasons} (forget's kept snapshots) a Reasons column after the tags.
     */
    static void printTable(PrintWriter out, List<SnapshotInfo> snapshots, Map<SnapshotId, List<String>> reasons) {
        List<String> headers = new ArrayList<>(List.of("ID", "Time", "Host", "Deployment", "Tags"));
        if (!reasons.isEmpty()) {
            headers.add("Reasons");
        }
        headers.addAll(List.of("Application", "Size", "Scope", "Components"));
        TextTable table = new TextTable(headers);
        for (SnapshotInfo info : snapshots) {
            List<String> row = new ArrayList<>(List.of(info.id().shortId(), LOCAL_TIME.format(info.time()),
                    info.hostname(), info.deployment(), String.join(",", info.tags())));
            if (!reasons.isEmpty()) {
                row.add(String.join(", ", reasons.getOrDefault(info.id(), List.of())));
            }
            row.addAll(List.of(info.application(), Sizes.bytes(info.size()), info.scope().full() ? "full" : "partial",
                    String.join(", ", info.scope().parts().stream().map(SnapshotScope.Part::describe).toList())));
            table.add(row);
        }
        table.print(out);
    }
}
