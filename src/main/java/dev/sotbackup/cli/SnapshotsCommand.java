package dev.sotbackup.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.SnapshotInfo;
import dev.sotbackup.repository.SnapshotScope;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sot-backup snapshots}: the repository's snapshots, oldest first. */
@Command(name = "snapshots", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the snapshots in the repository, oldest first: host, deployment, tags, application "
                + "version, size, scope (full, or partial with what was selected) and components.")
public final class SnapshotsCommand extends RepositoryCommand {

    static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Mixin
    SnapshotFilterOptions filters;

    @Option(names = "--json", description = "Print the snapshots as a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<SnapshotInfo> snapshots = repository.call(repo -> repo.snapshots(filters.filter()));
        return print(json, SnapshotJson.of(snapshots), out -> {
            printTable(out, snapshots, Map.of());
            out.println(snapshots.size() + (snapshots.size() == 1 ? " snapshot" : " snapshots"));
        });
    }

    /**
     * A snapshot in {@code --json} output: its listing line, the scope with its description, and — in forget's
     * kept snapshots — the reasons it is kept. Every field is written, null or not, as it always was.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SnapshotJson(String id, String shortId, Instant time, String hostname, List<String> tags,
                        String deployment, String application, long size, ScopeJson scope, List<String> components,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> reasons) {

        static SnapshotJson of(SnapshotInfo info, List<String> reasons) {
            return new SnapshotJson(info.id().toString(), info.id().shortId(), info.time(), info.hostname(),
                    info.tags(), info.deployment(), info.application(), info.size(),
                    new ScopeJson(info.scope(), info.scope().describe()), info.components(), reasons);
        }

        static List<SnapshotJson> of(List<SnapshotInfo> snapshots) {
            return snapshots.stream().map(info -> of(info, null)).toList();
        }
    }

    /** The scope as the snapshot records it, plus its description for people. */
    record ScopeJson(@JsonUnwrapped SnapshotScope scope, String description) {
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
