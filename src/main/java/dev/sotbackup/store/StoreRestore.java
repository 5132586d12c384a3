package dev.sotbackup.store;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.restore.ReplaceResult;
import dev.sotbackup.postgres.restore.ScratchDatabase;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** A component placed in a restore's target: checked before anything is touched, then restored. */
public interface StoreRestore {

    Component component();

    /** "postgres netbox → netbox@db:5432/netbox", for messages. */
    String describe();

    Order order();

    /**
     * Checks the target, touching nothing: reached and logged into, the rights the restore needs, room, and
     * that it is empty unless allowed not to be.
     */
    void check() throws IOException, SQLException;

    /** The database this restores into, when it restores one (the application's version is read there). */
    default Optional<ConnInfo> database() {
        return Optional.empty();
    }

    /**
     * Restores the component; a database's restore engine counts the bytes it loads in a counter of
     * {@code reporter}'s.
     */
    Restored restore(Repository repository, Reporter reporter)
            throws IOException;

    /**
     * When a store is restored relative to the others; stores of one order go in the order {@link Stores} lists
     * their kinds.
     */
    enum Order {
        /** First: into a scratch copy swapped in as the very last step, or in place. */
        DATABASES,
        /** Next: written file by file, so a failure leaves them usable and the next run completes them. */
        ADDED_TO,
        /** Last: emptied before they are filled, so when anything before fails they are still the old ones. */
        EMPTIED_FIRST
    }

    /** What a restore did. */
    sealed interface Restored {

        /**
         * Written into its target.
         *
         * @param lines       what was restored, a line per store (per database for Redis)
         * @param keysExpired Redis keys whose expiry passed since the backup: not restored
         */
        record Written(List<String> lines, long keysExpired) implements Restored {
            public Written {
                lines = List.copyOf(lines);
            }
        }

        /**
         * Restored into a scratch database that waits to be swapped in.
         *
         * @param into "postgres/netbox into netbox@db:5432/netbox", the line once swapped in
         */
        record Staged(ScratchDatabase scratch, String into) implements Restored {
            /** The line for the swapped-in database, naming the previous contents when they were kept. */
            public String finished(ReplaceResult result) {
                return into + (result.previousKeptAs() == null ? "" : " (previous kept as " + result.previousKeptAs()
                        + ")");
            }
        }
    }
}
