package dev.sotbackup.store;

import dev.sotbackup.repository.Component;
import java.io.IOException;

/** A component a kind cannot interpret: of another kind, or with a body of a version newer than it reads. */
public final class UnreadableComponent extends IOException {

    UnreadableComponent(Component component, StoreKind<?> kind) {
        super(component.kind().equals(kind.name())
                ? "component " + component.label() + " has a body of version " + component.body().version()
                + ", newer than this version of sot-backup reads; use a newer sot-backup"
                : "component " + component.label() + " is not of kind " + kind.name());
    }
}
