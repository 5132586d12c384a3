package dev.sotbackup.store;

import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.body.ComponentBody;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * One kind of store as a snapshot sees it: the kind's name, its body record, what a body holds, where a component
 * of the kind goes in a restore's target and how it is restored there, and its restore drill. How a store of the
 * kind is backed up is its {@link StoreSource}. Every kind is listed once, in {@link Stores}.
 *
 * <p>A new kind (Kubernetes secrets, say) is: a body record in {@code repository.body} (a
 * {@link ComponentBody} of its own, named in the format), an implementation of this interface added to
 * {@link Stores}, a {@link StoreSource} the deployment backup builds, and the place its components go in a
 * {@link RestoreTargets}.
 *
 * @param <B> the kind's body record
 */
public interface StoreKind<B extends ComponentBody> {

    /**
     * The component kind, as the manifest records it and {@code restore --only} takes it: "postgres" — the kind the
     * format gives the body record.
     */
    default String name() {
        return ComponentBody.KNOWN.stream().filter(type -> type.record() == bodyType()).findFirst()
                .orElseThrow(() -> new IllegalStateException(bodyType() + " is not a body of the format"))
                .kind();
    }

    /** The record of the kind's bodies. */
    Class<B> bodyType();

    /**
     * The body of a component of this kind.
     *
     * @throws UnreadableComponent the component is of another kind, or its body is of a newer version than this
     *                             sot-backup reads
     */
    default B body(Component component) throws UnreadableComponent {
        return component.body(bodyType()).orElseThrow(() -> new UnreadableComponent(component, this));
    }

    /** How a user names such a component in a message: "postgres netbox", "redis", "bucket netbox-media". */
    String describe(Component component);

    /** The restore option that gives such a component a target: "--postgres", "--dir media=PATH". */
    String targetOption(Component component);

    /** Whether {@code targets} has anywhere at all for such a component (what {@code --only} requires). */
    boolean hasTarget(Component component, RestoreTargets targets);

    /**
     * Whether restoring such a component leaves the application's cache describing data that is gone, so that a
     * restore of the deployment flushes the cache afterwards.
     */
    default boolean invalidatesCache() {
        return false;
    }

    /** What the component holds, item by item (tables, databases, files, objects), for listings. */
    List<StoredItem> list(Repository repository, Component component) throws IOException;

    /**
     * Where the component goes in the context's target, and how it is restored there; or why it is not restored.
     *
     * @param index how many components of this kind come before it in the snapshot
     */
    Placement place(Component component, int index, RestoreContext context) throws IOException;

    /** Restores the component where it harms nothing (a scratch database, empty Redis databases) and compares. */
    DrillResult drill(Component component, Drill drill) throws IOException, SQLException;
}
