package dev.sotbackup.repository;

import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link BlobReferences} of each component kind; kinds that register none use the generic walk. */
public final class ComponentKinds {
    private static final Map<String, BlobReferences> REFERENCES = new ConcurrentHashMap<>();

    private ComponentKinds() {
    }

    public static void register(String kind, BlobReferences references) {
        REFERENCES.put(kind, references);
    }

    public static BlobReferences references(String kind) {
        return REFERENCES.getOrDefault(kind, BlobReferences.GENERIC);
    }

    /** Every blob the snapshot references, through all its components. */
    static Set<BlobId> referencedBy(Snapshot snapshot) throws CorruptObjectException {
        Set<BlobId> ids = new LinkedHashSet<>();
        for (Component component : snapshot.components()) {
            try {
                ids.addAll(references(component.kind()).referencedBy(component.body()));
            } catch (CorruptObjectException e) {
                throw new CorruptObjectException("component " + component.label() + ": " + e.getMessage(), e);
            }
        }
        return ids;
    }
}
