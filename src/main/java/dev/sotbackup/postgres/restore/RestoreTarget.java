package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import java.time.Clock;
import java.util.Optional;

/**
 * What a restore does to the database it restores into, decided once from the command's options and passed down:
 * into the database as it is, or into a scratch database that {@link SafeReplace} swaps in for it only after
 * success — keeping the previous contents, or dropping them once the swap has committed.
 */
public sealed interface RestoreTarget {

    /** pg_restore's way: into the database as it is (with -C, the archive's database is created first). */
    record InPlace() implements RestoreTarget {
    }

    /**
     * Through a scratch database swapped in at the end; the previous contents are kept as
     * {@code <name>_before_<time>}.
     *
     * @param archiveNamesDatabase the database replaced is the one the archive's DATABASE entry names
     *                             ({@code -C -c}), not the one given with -d ({@code --replace})
     */
    record Replace(boolean archiveNamesDatabase) implements RestoreTarget {
    }

    /** As {@link Replace} with {@code --replace}, and the previous contents dropped after the swap. */
    record ReplaceAndDropPrevious() implements RestoreTarget {
    }

    /**
     * The target the options ask for: {@code --replace} (with {@code --drop-previous}) replaces the database given;
     * pg_restore's {@code -C -c} (drop the database and create it again) is done as a safe replace of the
     * database the archive names; anything else restores in place.
     */
    static RestoreTarget of(boolean replace, boolean dropPrevious, RestoreOptions options) {
        if (replace) {
            return dropPrevious ? new ReplaceAndDropPrevious() : new Replace(false);
        }
        return options.create() && options.clean() ? new Replace(true) : new InPlace();
    }

    /** Whether the restore goes through a scratch database. */
    default boolean replaces() {
        return !(this instanceof InPlace);
    }

    /** Whether the previous contents are dropped after the swap. */
    default boolean dropsPrevious() {
        return this instanceof ReplaceAndDropPrevious;
    }

    /** How {@link SafeReplace} treats the database it replaces, timestamps in the system's time zone. */
    default ReplaceOptions replaceOptions() {
        return new ReplaceOptions(dropsPrevious(), Clock.systemDefaultZone());
    }

    /**
     * The database the restore replaces: {@code given}, or with {@code -C -c} the one the archive names (when it
     * names one).
     */
    default ConnInfo replaced(ConnInfo given, Optional<String> archivedName) {
        return this instanceof Replace replace && replace.archiveNamesDatabase() && archivedName.isPresent()
                ? given.withDatabase(archivedName.get()) : given;
    }
}
