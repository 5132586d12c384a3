package dev.sotbackup.store;

import dev.sotbackup.repository.body.ComponentBody;
import java.io.IOException;
import java.util.Optional;

/**
 * What every kind of {@link Stores} shares: its body record, given once, and placing a component into the
 * target's counterpart of it when the target has one.
 *
 * @param <B> the kind's body record
 */
abstract class BodyStore<B extends ComponentBody> implements StoreKind<B> {

    private final Class<B> bodyType;

    BodyStore(Class<B> bodyType) {
        this.bodyType = bodyType;
    }

    @Override
    public final Class<B> bodyType() {
        return bodyType;
    }

    /**
     * The component restored into {@code target} by {@code restore}; or, when the target has no counterpart,
     * not restored, for the reason {@code missing} gives.
     */
    static <T> Placement placeInto(Optional<T> target, String missing, RestoreInto<T> restore) throws IOException {
        if (target.isEmpty()) {
            return new Placement.Unplaced(missing + "; not restored");
        }
        return new Placement.Placed(restore.into(target.get()));
    }

    /** How a kind restores a component into the target's counterpart (reading the component may fail). */
    @FunctionalInterface
    interface RestoreInto<T> {
        StoreRestore into(T target) throws IOException;
    }
}
