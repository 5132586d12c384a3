package dev.sotbackup.deployment;

import dev.sotbackup.objectstore.RestoreMode;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.restore.ReplaceResult;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.restore.RestoreTarget;
import dev.sotbackup.postgres.restore.ScratchDatabase;
import dev.sotbackup.postgres.restore.SwappedDatabase;
import dev.sotbackup.redis.CacheInvalidation;
import dev.sotbackup.redis.RedisRestoreOptions;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.store.RestoreContext;
import dev.sotbackup.store.RestoreSettings;
import dev.sotbackup.store.StoreRestore;
import dev.sotbackup.store.Stores;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code restore -c} and store-by-store {@code restore}: a snapshot into a deployment — the same one after a
 * disaster, or another — as one unit, as far as the stores allow:
 * <ol>
 *   <li>{@link #preflight}, before anything is touched: where each component goes, the application versions
 *       (a newer snapshot onto an older application is refused without {@code force}), and every target checked
 *       — PostgreSQL and Redis reached and logged into, the rights the safe swap needs, directories writable with
 *       room for the files, the bucket writable, non-empty targets refused unless allowed;</li>
 *   <li>{@link #restore}: every database into its scratch database (or, without replace, into the target), then
 *       directories, then the bucket, then Redis — the stores that cannot be swapped, ordered so that the
 *       destructive one (Redis, whose databases are emptied first) comes last — and only then the databases are
 *       swapped in, the last step; a failed swap swaps the databases already swapped back. The previous databases
 *       are dropped (when asked) only after every store succeeded; the cache database is flushed last.</li>
 * </ol>
 * A failure before the swaps leaves every database as it was (scratch databases dropped); the message names the
 * stores already written, which a restore cannot take back.
 */
public final class DeploymentRestore {

    /** Component kinds as {@code --only} names them. */
    public static final List<String> KINDS = Stores.names();

    private DeploymentRestore() {
    }

    /**
     * How to restore. {@link Plan#forDeployment} is what restoring a deployment means — every store replaced;
     * the store-by-store {@code restore} command builds a more cautious plan from its flags.
     *
     * @param only              kinds to restore (empty = all)
     * @param pgOptions         restore engine options (jobs, --no-owner …)
     * @param databaseTarget    in place, or through a scratch database swapped in at the end (keeping or dropping
     *                          the previous contents)
     * @param redisExisting     what to do with non-empty Redis databases
     * @param redisDbMap        snapshot db → target db; empty = as the Redis store decides
     * @param overwriteFiles    restore into non-empty directories, overwriting files
     * @param bucketMode        whether a bucket prefix that holds objects may be written
     * @param allowNewerVersion restore a snapshot whose application schema is ahead of the target's (--force)
     */
    public record Plan(Set<String> only, RestoreOptions pgOptions, RestoreTarget databaseTarget,
                       RedisRestoreOptions.Existing redisExisting, Map<Integer, Integer> redisDbMap,
                       boolean overwriteFiles, RestoreMode bucketMode, boolean allowNewerVersion)
            implements RestoreSettings {
        public Plan {
            only = Set.copyOf(only);
            redisDbMap = Map.copyOf(redisDbMap);
        }

        /** Restoring a deployment: databases swapped in safely, Redis databases replaced, files overwritten. */
        public static Plan forDeployment(RestoreOptions pgOptions) {
            return new Plan(Set.of(), pgOptions, new RestoreTarget.Replace(false), RedisRestoreOptions.Existing.FLUSH,
                    Map.of(), true, RestoreMode.OVERWRITE, false);
        }

        boolean wants(String kind) {
            return only.isEmpty() || only.contains(kind);
        }
    }

    /**
     * What was found before anything was touched.
     *
     * @param snapshotVersion the application version the snapshot recorded
     * @param targetVersion   the target application database's current version (UNKNOWN when empty, absent, or
     *                        when no database is restored)
     * @param warnings        lines to show before anything is touched
     * @param target          the deployment restored into
     * @param assignments     what goes where, in snapshot order
     * @param notes           components left out because the target has no place for them
     */
    public record Preflight(Snapshot snapshot, AppVersion snapshotVersion, AppVersion targetVersion,
                            List<String> warnings, Deployment target, List<StoreRestore> assignments,
                            List<String> notes) {
        public Preflight {
            warnings = List.copyOf(warnings);
            assignments = List.copyOf(assignments);
            notes = List.copyOf(notes);
        }

        public boolean versionChanged() {
            return DeploymentRestore.versionChanged(snapshotVersion, targetVersion);
        }
    }

    /**
     * What a restore did.
     *
     * @param restored         one line per restored store (per database for Redis), in snapshot order
     * @param redisKeysExpired Redis keys whose expiry passed between the backup and the restore: not restored
     * @param cacheKeysFlushed keys flushed from the cache, or -1 when the cache was not flushed
     * @param followUps        what the application needs next
     */
    public record Outcome(List<String> restored, long redisKeysExpired, long cacheKeysFlushed,
                          List<String> followUps) {
    }

    /** The snapshot holds stores of the wanted kinds, but the target has a place for none of them. */
    public static final class NothingToRestore extends IOException {
        private final transient List<Component> held;

        NothingToRestore(List<Component> held, String target) {
            super("nothing restored: " + (held.isEmpty() ? "the snapshot holds none of the stores asked for"
                    : "the snapshot holds " + String.join(", ", held.stream().map(Component::label).toList())
                    + " and " + target + " has a place for none of them"));
            this.held = List.copyOf(held);
        }

        /** The snapshot's components of the wanted kinds (empty when it has none). */
        public List<Component> held() {
            return held;
        }
    }

    /** A check before the restore failed: nothing was touched. The message names the store and what failed. */
    public static final class PreflightFailure extends IOException {
        PreflightFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A restore that failed after it had started: {@link #aftermath} says what that left — databases untouched
     * or swapped back, stores already written — and the cause says what went wrong.
     */
    public static final class Incomplete extends IOException {
        private final String aftermath;

        Incomplete(Throwable cause, String aftermath) {
            super(oneLine(cause) + (aftermath.isEmpty() ? "" : "; " + aftermath), cause);
            this.aftermath = aftermath;
        }

        /** What the failure left, as a clause to follow the cause's line; empty when there is nothing to add. */
        public String aftermath() {
            return aftermath;
        }
    }

    /**
     * Decides where each component goes and checks every target, touching nothing.
     *
     * @throws NothingToRestore no component has a place in the target
     * @throws PreflightFailure a check failed, or the snapshot's application is ahead of the target's and the plan
     *                          does not allow that
     */
    public static Preflight preflight(Snapshot snapshot, Deployment target, Plan plan) throws IOException {
        Stores.Resolution resolution = Stores.place(new RestoreContext(snapshot, new DeploymentTargets(target), plan),
                plan::wants);
        if (resolution.assigned().isEmpty()) {
            throw new NothingToRestore(resolution.wanted(), target.name());
        }
        AppVersion snapshotVersion = AppVersion.of(snapshot.deployment() == null ? null
                : snapshot.deployment().application());
        AppVersion targetVersion = AppVersion.UNKNOWN;
        Optional<ConnInfo> application = resolution.assigned().stream().map(StoreRestore::database)
                .flatMap(Optional::stream).findFirst();
        if (application.isPresent()) {
            try {
                targetVersion = DatabaseFacts.read(application.get(), target.profile()).version();
            } catch (SQLException | RuntimeException e) {
                // An absent target database is normal for a fresh deployment: nothing to compare with. Whether
                // it can be reached at all is checked below.
                targetVersion = AppVersion.UNKNOWN;
            }
        }
        if (snapshotVersion.isAheadOf(targetVersion) && !plan.allowNewerVersion()) {
            throw new PreflightFailure("the snapshot holds " + snapshotVersion.describe() + " but the target runs "
                    + targetVersion.describe() + ": migrations cannot run backwards; upgrade the target's "
                    + "application first, or --force", null);
        }
        List<String> warnings = new ArrayList<>();
        if (versionChanged(snapshotVersion, targetVersion)) {
            warnings.add("the snapshot holds " + label(snapshotVersion) + " but the target database is at "
                    + label(targetVersion) + "; after the restore the application must match the snapshot's "
                    + "version, then migrate (commands below)");
        }
        for (StoreRestore assignment : resolution.assigned()) {
            check(assignment);
        }
        if (willFlushCache(target, plan)) {
            try {
                CacheInvalidation.check(target.redis().cache(), target.redis().cacheDb());
            } catch (IOException e) {
                throw new PreflightFailure("redis cache → " + target.redis().cache().address() + " db "
                        + target.redis().cacheDb() + ": " + oneLine(e) + "; nothing was restored", e);
            }
        }
        return new Preflight(snapshot, snapshotVersion, targetVersion, warnings, target, resolution.assigned(),
                resolution.notes());
    }

    /** One target's check: reached, logged into, allowed, with room; a failure names the store. */
    private static void check(StoreRestore assignment) throws PreflightFailure {
        try {
            assignment.check();
        } catch (IOException | SQLException | RuntimeException e) {
            throw new PreflightFailure(assignment.describe() + ": " + oneLine(e) + "; nothing was restored", e);
        }
    }

    /** A database restored into its scratch database, waiting for the swap. */
    private record Staged(StoreRestore assignment, StoreRestore.Restored.Staged staged) {
        ScratchDatabase scratch() {
            return staged.scratch();
        }
    }

    /**
     * Restores what {@code preflight} assigned, in the order the class describes, after telling {@code reporter}
     * the preflight's warnings and notes; each database's restore counts the bytes it loads in a new counter of
     * {@code reporter}'s.
     *
     * @throws Incomplete the restore failed after it had begun; its message says what is as before and what not
     */
    public static Outcome restore(Repository repository, Preflight preflight, Plan plan, Reporter reporter)
            throws IOException {
        preflight.warnings().forEach(reporter::warning);
        preflight.notes().forEach(reporter::note);
        List<StoreRestore> assignments = preflight.assignments();
        List<List<String>> lines = new ArrayList<>();
        assignments.forEach(assignment -> lines.add(List.of()));
        List<Staged> staged = new ArrayList<>();
        List<String> written = new ArrayList<>();
        long expired = 0;
        StoreRestore current = null;
        try {
            for (StoreRestore assignment : Stores.inRestoreOrder(assignments)) {
                current = assignment;
                switch (assignment.restore(repository, reporter)) {
                    case StoreRestore.Restored.Staged database -> staged.add(new Staged(assignment, database));
                    case StoreRestore.Restored.Written store -> {
                        lines.set(assignments.indexOf(assignment), store.lines());
                        expired += store.keysExpired();
                        written.add(assignment.describe());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new Incomplete(e, beforeTheSwaps(staged, written, current, plan.databaseTarget().replaces()));
        }

        List<SwappedDatabase> swapped = new ArrayList<>();
        for (int i = 0; i < staged.size(); i++) {
            try {
                swapped.add(staged.get(i).scratch().swapIn());
            } catch (RuntimeException e) {
                throw new Incomplete(e, swapFailed(staged.subList(i + 1, staged.size()), swapped, written));
            }
        }
        // Every store succeeded: only now may the previous databases go.
        for (int i = 0; i < staged.size(); i++) {
            ReplaceResult result = swapped.get(i).finish(plan.databaseTarget().dropsPrevious());
            Staged database = staged.get(i);
            lines.set(assignments.indexOf(database.assignment()), List.of(database.staged().finished(result)));
        }

        long flushed;
        try {
            flushed = flushCache(preflight.target(), plan);
        } catch (IOException e) {
            throw new Incomplete(e, "every store was restored but the cache was not flushed; flush it with"
                    + " invalidate-cache before the application starts");
        }
        Snapshot snapshot = preflight.snapshot();
        boolean searchCacheLeftOut = snapshot.deployment() != null
                && !snapshot.deployment().rebuildableRowsExcluded().isEmpty();
        boolean databaseRestored = assignments.stream().anyMatch(assignment -> assignment.database().isPresent());
        List<String> followUps = databaseRestored
                ? preflight.target().profile().followUpCommands(preflight.versionChanged(), searchCacheLeftOut)
                : List.of();
        return new Outcome(lines.stream().flatMap(List::stream).toList(), expired, flushed, followUps);
    }

    /**
     * What a failure before the swaps leaves: the databases to be replaced as they were (scratch databases
     * dropped), the stores already written, and the directory, bucket or Redis being written when it failed,
     * which may be partly restored. (What a database restored in place holds after a failure, the restore
     * engine's own error line says.)
     */
    private static String beforeTheSwaps(List<Staged> staged, List<String> written, StoreRestore failed,
                                         boolean replace) {
        List<String> parts = new ArrayList<>();
        if (replace) {
            parts.add("no database was replaced" + (staged.isEmpty() ? "" : " (" + String.join(", ",
                    staged.stream().map(s -> s.scratch().discard()).toList()) + ")"));
        }
        if (failed != null && failed.order() != StoreRestore.Order.DATABASES) {
            parts.add(failed.describe() + " may be partly restored");
        }
        if (!written.isEmpty()) {
            parts.add(alreadyWritten(written));
        }
        return String.join("; ", parts);
    }

    /**
     * What a failed swap leaves: the databases swapped before it swapped back (newest first), the ones after it
     * dropped unswapped.
     */
    private static String swapFailed(List<Staged> notSwapped, List<SwappedDatabase> swapped, List<String> written) {
        List<String> done = new ArrayList<>();
        for (int i = swapped.size() - 1; i >= 0; i--) {
            try {
                done.add("database " + swapped.get(i).name() + " swapped back (" + swapped.get(i).swapBack() + ")");
            } catch (RuntimeException e) {
                done.add(oneLine(e));
            }
        }
        notSwapped.forEach(s -> done.add("database " + s.scratch().name() + " untouched (" + s.scratch().discard()
                + ")"));
        if (!written.isEmpty()) {
            done.add(alreadyWritten(written));
        }
        return String.join("; ", done);
    }

    private static String alreadyWritten(List<String> written) {
        return "already restored, and not undone: " + String.join(", ", written);
    }

    private static boolean willFlushCache(Deployment target, Plan plan) {
        return target.redis() != null && target.redis().hasSeparateCache()
                && Stores.all().stream().anyMatch(kind -> kind.invalidatesCache() && plan.wants(kind.name()));
    }

    /**
     * After a database restore the cache describes the old database (NetBox caches its configuration with no
     * expiry): empty exactly the cache database — never the task queue's.
     */
    static long flushCache(Deployment target, Plan plan) throws IOException {
        if (!willFlushCache(target, plan)) {
            return -1;
        }
        return CacheInvalidation.flush(target.redis().cache(), target.redis().cacheDb());
    }

    private static boolean versionChanged(AppVersion snapshotVersion, AppVersion targetVersion) {
        return targetVersion.application() != Profile.Application.NONE && snapshotVersion.differsFrom(targetVersion);
    }

    private static String label(AppVersion version) {
        return version.describe().isEmpty() ? "an unknown version" : version.describe()
                + " (migrations " + version.heads() + ")";
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
