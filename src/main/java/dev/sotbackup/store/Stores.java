package dev.sotbackup.store;

import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Snapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The kinds of store this version knows, in the order a restore takes stores of one {@link StoreRestore.Order}.
 * Everything that depends on a component's kind asks here.
 */
public final class Stores {

    private static final List<StoreKind<?>> KINDS = List.of(new PostgresStore(), new RedisStore(), new FilesStore(),
            new ObjectsStore());

    private Stores() {
    }

    public static List<StoreKind<?>> all() {
        return KINDS;
    }

    /** The kinds' names, as {@code restore --only} takes them. */
    public static List<String> names() {
        return KINDS.stream().map(StoreKind::name).toList();
    }

    public static Optional<StoreKind<?>> named(String name) {
        return KINDS.stream().filter(kind -> kind.name().equals(name)).findFirst();
    }

    /** The kind of {@code component}; empty for a kind this version does not know. */
    public static Optional<StoreKind<?>> of(Component component) {
        return named(component.kind());
    }

    /**
     * The order a restore takes placed components in: by their {@link StoreRestore.Order}, then by kind in this
     * registry's order (directories before buckets), then as the snapshot lists them.
     */
    public static List<StoreRestore> inRestoreOrder(List<StoreRestore> placed) {
        return placed.stream().sorted(Comparator.comparing(StoreRestore::order)
                .thenComparingInt(restore -> names().indexOf(restore.component().kind()))).toList();
    }

    /** "postgres netbox", "redis", "files media": a component as a user names it, whatever its kind. */
    public static String describe(Component component) {
        return of(component).map(kind -> kind.describe(component))
                .orElse(component.kind() + " " + component.name());
    }

    /** The restore option that would give {@code component} a target. */
    public static String targetOption(Component component) {
        return of(component).map(kind -> kind.targetOption(component))
                .orElse("a newer sot-backup for " + component.kind());
    }

    /**
     * Where each component of the context's snapshot goes, as far as {@code wanted} wants its kind.
     *
     * @param assigned the components with a place, in snapshot order
     * @param wanted   every component of a kind wanted, whether it has a place or not
     * @param notes    one line per wanted component left out
     */
    public record Resolution(List<StoreRestore> assigned, List<Component> wanted, List<String> notes) {
        public Resolution {
            assigned = List.copyOf(assigned);
            wanted = List.copyOf(wanted);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Places every wanted component of the snapshot in the target; a kind this version does not know is left out
     * with a note.
     *
     * @throws UnreadableComponent a component of a known kind has a body this version cannot read
     */
    public static Resolution place(RestoreContext context, Predicate<String> wanted) throws IOException {
        Snapshot snapshot = context.snapshot();
        List<StoreRestore> assigned = new ArrayList<>();
        List<Component> wantedComponents = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Component component : snapshot.components()) {
            if (!wanted.test(component.kind())) {
                continue;
            }
            wantedComponents.add(component);
            Optional<StoreKind<?>> kind = of(component);
            if (kind.isEmpty()) {
                notes.add(component.label() + " is of a kind this version cannot restore; skipped");
                continue;
            }
            kind.get().body(component); // a body of a newer version is refused before anything is placed
            int index = seen.merge(component.kind(), 1, Integer::sum) - 1;
            switch (kind.get().place(component, index, context)) {
                case Placement.Placed placed -> assigned.add(placed.restore());
                case Placement.Unplaced unplaced -> notes.add(unplaced.note());
            }
        }
        return new Resolution(assigned, wantedComponents, notes);
    }
}
