package dev.sotbackup.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which snapshots a command considers, restic's way: a snapshot matches when it has all tags of at least one of
 * {@code tags} (each {@code --tag a,b} is one set; an empty set, {@code --tag ''}, matches untagged snapshots),
 * was taken on one of {@code hosts}, of one of {@code deployments}, and has the given {@code scope}; an empty
 * list, or a null scope, does not restrict.
 */
public record SnapshotFilter(List<Set<String>> tags, List<String> hosts, List<String> deployments, Scope scope) {

    /** {@code --scope}: full (no object left out) or partial snapshots only. */
    public enum Scope {
        FULL, PARTIAL;

        public static Scope parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "full" -> FULL;
                case "partial" -> PARTIAL;
                default -> throw new IllegalArgumentException("--scope takes full or partial, not \"" + text + "\"");
            };
        }

        boolean matches(SnapshotScope scope) {
            return scope.full() == (this == FULL);
        }
    }

    public static final SnapshotFilter NONE = new SnapshotFilter(List.of(), List.of(), List.of(), null);

    public SnapshotFilter {
        tags = tags.stream().map(Set::copyOf).toList();
        hosts = List.copyOf(hosts);
        deployments = List.copyOf(deployments);
    }

    public boolean isEmpty() {
        return tags.isEmpty() && hosts.isEmpty() && deployments.isEmpty() && scope == null;
    }

    /** Whether the filter says what a snapshot is (tags, scope), not only whose it is (host, deployment). */
    boolean describesContent() {
        return !tags.isEmpty() || scope != null;
    }

    public boolean matches(SnapshotInfo snapshot) {
        return (tags.isEmpty() || tags.stream().anyMatch(set -> set.isEmpty() ? snapshot.tags().isEmpty()
                        : snapshot.tags().containsAll(set)))
                && (hosts.isEmpty() || hosts.contains(snapshot.hostname()))
                && (deployments.isEmpty() || deployments.contains(snapshot.deployment()))
                && (scope == null || scope.matches(snapshot.scope()));
    }

    public List<SnapshotInfo> apply(List<SnapshotInfo> snapshots) {
        return snapshots.stream().filter(this::matches).toList();
    }

    /** The options as given, e.g. "--tag nightly --host db1", for messages. */
    public String describe() {
        List<String> words = new ArrayList<>();
        tags.forEach(set -> words.add("--tag " + (set.isEmpty() ? "''"
                : String.join(",", set.stream().sorted().toList()))));
        hosts.forEach(host -> words.add("--host " + host));
        deployments.forEach(deployment -> words.add("--deployment " + deployment));
        if (scope != null) {
            words.add("--scope " + scope.name().toLowerCase(Locale.ROOT));
        }
        return String.join(" ", words);
    }
}
