package dev.sotbackup.store;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.SnapshotScope;
import java.io.IOException;
import java.sql.SQLException;

/**
 * A store to back up, with everything its kind needs to take it: a backup of a deployment is the list of its
 * stores' sources, run one after another into one session.
 */
public interface StoreSource {

    /** Takes the store into the session. */
    Component backup(BackupSession session, Reporter reporter) throws IOException, SQLException;

    /** What of it the snapshot covers, as the manifest's scope records it. */
    SnapshotScope.Part scope();
}
