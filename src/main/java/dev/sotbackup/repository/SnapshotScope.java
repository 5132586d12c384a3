package dev.sotbackup.repository;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.repository.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * What a snapshot covers (format §7, {@code scope}): its components by kind and name, each with the backup
 * options that shaped it, in a canonical form, so that two snapshots of the same thing compare equal. Retention
 * groups snapshots by it, and {@code latest} looks for the newest <em>full</em> one.
 *
 * <p>A snapshot is <em>partial</em> when an option left objects out of a component ({@link Part#selection}:
 * {@code -n}, {@code -N}, {@code -t}, {@code -T}, {@code --redis-key}, {@code --redis-exclude-key}); it stays
 * <em>full</em> when the options only left rows out or chose databases ({@link Part#options}:
 * {@code --exclude-table-data}, {@code --exclude-changelog}, {@code --exclude-rebuildable}, {@code --redis-db}),
 * because it still restores every object of what it names.
 */
@JsonIgnoreProperties(value = "full", allowGetters = true)
@JsonPropertyOrder({"full", "components"})
public record SnapshotScope(@JsonProperty("components") List<Part> parts) {

    /**
     * One component's share of the scope.
     *
     * @param selection the options that left objects out, as command-line words ({@code -t dcim_site}), sorted
     * @param options   the other recorded options that shaped it ({@code --exclude-changelog}), sorted
     */
    public record Part(String kind, String name, List<String> selection, List<String> options) {
        public Part {
            selection = List.copyOf(new TreeSet<>(selection));
            options = List.copyOf(new TreeSet<>(options));
        }

        public static Part whole(String kind, String name) {
            return new Part(kind, name, List.of(), List.of());
        }

        /** "kind/name", as listings show components. */
        public String label() {
            return kind + "/" + name;
        }

        /** "postgres/netbox (-t dcim_site --exclude-changelog)", or just the label. */
        public String describe() {
            List<String> words = new ArrayList<>(selection);
            words.addAll(options);
            return words.isEmpty() ? label() : label() + " (" + String.join(" ", words) + ")";
        }
    }

    private static final Comparator<Part> ORDER = Comparator.comparing(Part::kind).thenComparing(Part::name);

    public SnapshotScope {
        parts = parts.stream().sorted(ORDER).toList();
    }

    /** Every object of every component: no option left any out. Written for people; readers derive it. */
    @JsonProperty("full")
    public boolean full() {
        return parts.stream().allMatch(p -> p.selection().isEmpty());
    }

    /** "full: postgres/netbox, redis/redis:6379" or "partial: postgres/netbox (-t dcim_site)". */
    public String describe() {
        return (full() ? "full" : "partial") + ": "
                + String.join(", ", parts.stream().map(Part::describe).toList());
    }

    /** The manifest's {@code scope} object (format §7); {@code snapshots --json} shows it too. */
    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    /**
     * The scope of a snapshot written before scopes were recorded: its components, with the row exclusions its
     * {@code deployment} object recorded on the databases. Table and schema selections were not recorded then,
     * so such a snapshot counts as full.
     */
    static SnapshotScope derivedFrom(List<Component> components, SnapshotDeployment deployment) {
        List<String> databaseOptions = new ArrayList<>();
        if (deployment != null && deployment.changelogRowsExcluded()) {
            databaseOptions.add("--exclude-changelog");
        }
        if (deployment != null && !deployment.rebuildableRowsExcluded().isEmpty()) {
            databaseOptions.add("--exclude-rebuildable");
        }
        return new SnapshotScope(components.stream()
                .map(c -> new Part(c.kind(), c.name(), List.of(),
                        c.kind().equals(PostgresBody.KIND) ? databaseOptions : List.of()))
                .toList());
    }
}
