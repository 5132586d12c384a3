package dev.sotbackup.repository;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How {@code forget} groups snapshots before applying its keep rules to each group on its own (restic's
 * {@code --group-by}). By default by deployment (the host for snapshots without one) and scope, so that a
 * one-table backup never pushes a whole one out of {@code --keep-last}, and two deployments sharing a
 * repository keep their own histories.
 */
public record GroupBy(Set<Key> keys) {

    public enum Key {
        HOST, DEPLOYMENT, SCOPE, TAGS
    }

    public static final GroupBy DEFAULT = new GroupBy(EnumSet.of(Key.DEPLOYMENT, Key.SCOPE));

    public GroupBy {
        keys = keys.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(keys));
    }

    /** "host,deployment,scope,tags" in any order and combination; "" groups nothing (one group of all). */
    public static GroupBy parse(String text) {
        Set<Key> keys = EnumSet.noneOf(Key.class);
        for (String word : text.split(",")) {
            String key = word.strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                continue;
            }
            switch (key) {
                case "host" -> keys.add(Key.HOST);
                case "deployment" -> keys.add(Key.DEPLOYMENT);
                case "scope" -> keys.add(Key.SCOPE);
                case "tags" -> keys.add(Key.TAGS);
                default -> throw new IllegalArgumentException("--group-by takes host, deployment, scope and tags, "
                        + "comma-separated, not \"" + word.strip() + "\"");
            }
        }
        return new GroupBy(keys);
    }

    /** The group a snapshot falls in; the fields of keys not grouped by are null. */
    public SnapshotGroup groupOf(SnapshotInfo snapshot) {
        return new SnapshotGroup(
                keys.contains(Key.HOST) ? snapshot.hostname() : null,
                keys.contains(Key.DEPLOYMENT) ? snapshot.owner() : null,
                keys.contains(Key.SCOPE) ? snapshot.scope() : null,
                keys.contains(Key.TAGS) ? snapshot.tags().stream().sorted().distinct().toList() : null);
    }

    /**
     * A group of snapshots: equal in each field that is not null.
     *
     * @param deployment the deployment's name, or the host of snapshots without one
     */
    public record SnapshotGroup(String host, String deployment, SnapshotScope scope, List<String> tags) {

        /** "deployment netbox-prod, full: postgres/netbox, redis/redis:6379", or "all snapshots". */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (host != null) {
                parts.add("host " + host);
            }
            if (deployment != null) {
                parts.add("deployment " + deployment);
            }
            if (tags != null) {
                parts.add(tags.isEmpty() ? "no tags" : "tags " + String.join(",", tags));
            }
            if (scope != null) {
                parts.add(scope.describe());
            }
            return parts.isEmpty() ? "all snapshots" : String.join(", ", parts);
        }
    }
}
