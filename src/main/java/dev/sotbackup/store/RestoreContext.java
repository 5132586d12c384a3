package dev.sotbackup.store;

import dev.sotbackup.repository.Snapshot;

/** A restore as the stores see it: the snapshot restored, where to, and how. */
public record RestoreContext(Snapshot snapshot, RestoreTargets targets, RestoreSettings settings) {
}
