package dev.sotbackup.store;

/** Where a component goes in a restore: restored by a {@link StoreRestore}, or nowhere, for a reason. */
public sealed interface Placement {

    record Placed(StoreRestore restore) implements Placement {
    }

    /** @param note why the component is not restored, for the operator */
    record Unplaced(String note) implements Placement {
    }
}
