package dev.sotbackup.store;

import dev.sotbackup.redis.CacheInvalidation;
import dev.sotbackup.redis.RedisComponent;
import dev.sotbackup.redis.RedisFailure;
import dev.sotbackup.redis.RedisRestoreOptions;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.SnapshotDeployment;
import dev.sotbackup.repository.SnapshotScope;
import dev.sotbackup.repository.body.RedisBody;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Redis servers ({@link RedisComponent}): restored last, since their databases are emptied before they are filled,
 * each stored database into the target database the roles or the options say; drilled by a restore into a scratch
 * server's empty databases.
 */
public final class RedisStore extends BodyStore<RedisBody> {

    RedisStore() {
        super(RedisBody.class);
    }

    @Override
    public String describe(Component component) {
        return "redis";
    }

    @Override
    public String targetOption(Component component) {
        return "--redis";
    }

    @Override
    public boolean hasTarget(Component component, RestoreTargets targets) {
        return targets.redis().isPresent();
    }

    /** The cache holds what the task queue and the database said before. */
    @Override
    public boolean invalidatesCache() {
        return true;
    }

    @Override
    public List<StoredItem> list(Repository repository, Component component) throws IOException {
        List<StoredItem> items = new ArrayList<>();
        body(component).databases().forEach((db, stored) -> items.add(new StoredItem("database", "db " + db,
                stored.keys() == null ? -1 : stored.keys(), stored.bytes())));
        return items;
    }

    @Override
    public Placement place(Component component, int index, RestoreContext context) throws IOException {
        return placeInto(context.targets().redis(), "the snapshot holds Redis but " + context.targets().name()
                + " has none", redis -> new Restore(component, redis.server(), options(component, context, redis)));
    }

    /**
     * Which stored Redis database goes into which target database:
     * <ul>
     *   <li>the settings' map ({@code --redis-db-map}) when they have one;</li>
     *   <li>when both the snapshot and the target know their task database (deployments with Redis roles), the
     *       snapshot's task database into the target's — another deployment may keep its queue elsewhere;</li>
     *   <li>when the target's roles are unknown (a plain {@code --redis URL}) and the URL names a database, the
     *       snapshot's only database into that one — with several, the URL cannot say which goes where;</li>
     *   <li>otherwise every database back into the number it was backed up from.</li>
     * </ul>
     * Databases a map does not name keep their numbers.
     */
    private static RedisRestoreOptions options(Component component, RestoreContext context,
                                               RestoreTargets.RedisPlace target) throws IOException {
        RestoreSettings settings = context.settings();
        if (!settings.redisDbMap().isEmpty()) {
            return new RedisRestoreOptions(settings.redisDbMap(), settings.redisExisting());
        }
        if (target.rolesKnown()) {
            SnapshotDeployment recordedDeployment = context.snapshot().deployment();
            SnapshotDeployment.RedisRoles recorded = recordedDeployment == null ? null : recordedDeployment.redis();
            return new RedisRestoreOptions(recorded != null && recorded.known()
                    ? Map.of(recorded.tasksDb(), target.tasksDb()) : Map.of(), settings.redisExisting());
        }
        int named = target.server().db();
        if (named < 0) {
            return new RedisRestoreOptions(Map.of(), settings.redisExisting());
        }
        List<Integer> stored = RedisComponent.storedDatabases(component);
        if (stored.size() != 1) {
            throw new RedisFailure("the Redis URL names database " + named + " but " + component.label()
                    + " holds databases " + stored.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + "; leave the database out of the URL to restore each into its own number, or map them with"
                    + " --redis-db-map");
        }
        return new RedisRestoreOptions(Map.of(stored.getFirst(), named), settings.redisExisting());
    }

    /** A Redis component restored into the target server's databases. */
    private record Restore(Component component, RedisTarget target, RedisRestoreOptions options)
            implements StoreRestore {

        @Override
        public String describe() {
            return "redis " + component.name() + " → " + target.address();
        }

        @Override
        public Order order() {
            return Order.EMPTIED_FIRST;
        }

        @Override
        public void check() throws IOException {
            RedisComponent.check(component, target, options);
        }

        @Override
        public Restored restore(Repository repository, Reporter reporter)
                throws IOException {
            var result = RedisComponent.restore(repository, component, target, options, reporter);
            return new Restored.Written(result.databases().stream().map(db -> component.label() + " db "
                    + db.fromDb() + " → " + target.address() + " db " + db.toDb() + " (" + db.keys() + " keys"
                    + (db.expired() > 0 ? ", " + db.expired() + " expired since the backup and not restored" : "")
                    + ")").toList(), result.expired());
        }
    }

    /**
     * Restores Redis into the scratch server's databases — which must be empty, so a drill never overwrites
     * anything — compares the key counts with the manifest's, then empties them again. Without a scratch server,
     * every record is only read back.
     */
    @Override
    public DrillResult drill(Component component, Drill drill) throws IOException {
        RedisBody body = body(component);
        RedisTarget scratch = drill.settings().scratchRedis();
        if (scratch == null) {
            long bytes = ReadBack.bytes(drill.repository(), body.databases().values().stream()
                    .map(RedisBody.Database::blobs).toList());
            return DrillResult.of(component.label(), true, "not restored (no --scratch-redis); records read back: "
                    + bytes + " bytes");
        }
        Map<Integer, Long> expected = new TreeMap<>();
        body.databases().forEach((db, stored) -> expected.put(db, stored.keys() == null ? 0 : stored.keys()));
        var restored = RedisComponent.restore(drill.repository(), component, scratch,
                new RedisRestoreOptions(Map.of(), RedisRestoreOptions.Existing.REFUSE), drill.reporter());
        try {
            // Keys that expired since the backup are accounted for, not restored.
            Map<Integer, Long> actual = new TreeMap<>(restored.recordsByDb());
            expected.keySet().forEach(db -> actual.putIfAbsent(db, 0L));
            boolean ok = expected.equals(actual);
            return DrillResult.of(component.label(), ok, ok ? restored.keys() + " keys restored"
                    + (restored.expired() > 0 ? " and " + restored.expired() + " expired since the backup" : "")
                    + ", as recorded"
                    : "keys restored per database " + actual + ", recorded " + expected);
        } finally {
            for (int db : restored.keysByDb().keySet()) {
                CacheInvalidation.flush(scratch, db);
            }
        }
    }

    /**
     * A Redis server to back up.
     *
     * @param name      what the snapshot calls the component
     * @param selection the databases and keys to take
     * @param keys      the key patterns that left keys out, as the scope records them
     * @param shaping   the other recorded options (the databases asked for)
     */
    public record Source(RedisTarget server, String name, RedisSelection selection, List<String> keys,
                         List<String> shaping) implements StoreSource {

        @Override
        public Component backup(BackupSession session, Reporter reporter) throws IOException {
            return RedisComponent.backup(session, server, selection, name, reporter);
        }

        @Override
        public SnapshotScope.Part scope() {
            return new SnapshotScope.Part(RedisBody.KIND, name, keys, shaping);
        }
    }
}
