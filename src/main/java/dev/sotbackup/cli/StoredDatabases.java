package dev.sotbackup.cli;

import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.RepositoryException;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.body.PostgresBody;
import java.util.List;

/** Finds the database a {@code restore} or {@code export} of a snapshot means. */
final class StoredDatabases {

    private StoredDatabases() {
    }

    /** The snapshot's one PostgreSQL component; a one-line failure when it has none or several. */
    static Component only(Snapshot snapshot, String snapshotName) throws RepositoryException {
        List<Component> databases = snapshot.components().stream()
                .filter(c -> PostgresBody.KIND.equals(c.kind())).toList();
        if (databases.isEmpty()) {
            throw new RepositoryException("snapshot " + snapshotName + " holds no PostgreSQL database");
        }
        if (databases.size() > 1) {
            throw new RepositoryException("snapshot " + snapshotName + " holds several databases ("
                    + String.join(", ", databases.stream().map(Component::name).toList())
                    + "); this version restores snapshots of one");
        }
        return databases.getFirst();
    }
}
