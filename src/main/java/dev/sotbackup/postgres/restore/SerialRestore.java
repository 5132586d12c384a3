package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.toc.RestorePass;
import dev.sotbackup.postgres.toc.TocEntry;

import java.sql.SQLException;

/**
 * pg_restore without -j: one connection, optional drops, then the three passes (main, ACLs, post-ACL items)
 * over the selected entries in restore order; with -1 all of it in one transaction.
 */
final class SerialRestore {

    private final RestoreContext context;

    SerialRestore(RestoreContext context) {
        this.context = context;
    }

    void run() throws SQLException {
        RestoreSession session = context.connect();
        try {
            if (context.options.singleTransaction()) {
                session.begin();
            }
            if (context.options.clean()) {
                context.dropSelected(session);
            }
            for (RestorePass pass : RestorePass.values()) {
                for (TocEntry entry : context.selection.selected(pass)) {
                    context.run(session, entry, EntryRestorer.LoadPlan.PLAIN);
                    if (context.selection.parts(entry).schema()) {
                        session = context.reconnectIfDatabase(session, entry);
                    }
                }
            }
            if (context.options.singleTransaction()) {
                session.commit();
            }
        } finally {
            session.close();
        }
    }
}
