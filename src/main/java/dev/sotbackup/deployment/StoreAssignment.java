package dev.sotbackup.deployment;

import dev.sotbackup.files.FilesComponent;
import dev.sotbackup.objectstore.BucketComponent;
import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.redis.RedisComponent;
import dev.sotbackup.redis.RedisFailure;
import dev.sotbackup.redis.RedisRestoreOptions;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.SnapshotDeployment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A snapshot component and the store of the target deployment it is restored into. */
public sealed interface StoreAssignment {

    Component component();

    /** "postgres netbox → netbox@db:5432/netbox", for messages. */
    String describe();

    record Database(Component component, Deployment.Database target) implements StoreAssignment {
        @Override
        public String describe() {
            return "postgres " + component.name() + " → " + target.conninfo().describe();
        }
    }

    /** @param options which stored database goes into which target database, and what to do with their keys */
    record Redis(Component component, Deployment.RedisStores target, RedisRestoreOptions options)
            implements StoreAssignment {
        @Override
        public String describe() {
            return "redis " + component.name() + " → " + target.tasks().address();
        }
    }

    record Directory(Component component, Path target) implements StoreAssignment {
        @Override
        public String describe() {
            return "files " + component.name() + " → " + target;
        }
    }

    record Bucket(Component component, BucketSource target) implements StoreAssignment {
        @Override
        public String describe() {
            return "bucket " + component.name() + " → " + target.describe();
        }
    }

    /**
     * Where each component of the snapshot goes in {@code target}, as far as the plan wants it.
     *
     * @param assigned the components with a place, in snapshot order
     * @param wanted   every component of a kind the plan wants, whether it has a place or not
     * @param notes    one line per wanted component left out because the target has no place for it
     */
    record Resolution(List<StoreAssignment> assigned, List<Component> wanted, List<String> notes) {
        public Resolution {
            assigned = List.copyOf(assigned);
            wanted = List.copyOf(wanted);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Pairs the snapshot's components with the target's stores. A database goes to the target database of the
     * same name (or the only one, for the snapshot's first); Redis to the target's server; a directory to the one
     * of the same name; the bucket to the target's bucket.
     *
     * @throws IOException the Redis database numbers cannot be resolved (see {@link #redisOptions})
     */
    static Resolution resolve(Snapshot snapshot, Deployment target, DeploymentRestore.Plan plan) throws IOException {
        List<StoreAssignment> assigned = new ArrayList<>();
        List<Component> wanted = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int databaseIndex = 0;
        for (Component component : snapshot.components()) {
            if (!plan.wants(component.kind())) {
                continue;
            }
            wanted.add(component);
            switch (component.kind()) {
                case PostgresComponent.KIND -> {
                    Deployment.Database database = target.databaseFor(component.name(), databaseIndex++);
                    if (database == null) {
                        notes.add("database " + component.name() + " has no counterpart in " + target.name()
                                + "; not restored");
                    } else {
                        assigned.add(new Database(component, database));
                    }
                }
                case RedisComponent.KIND -> {
                    if (target.redis() == null) {
                        notes.add("the snapshot holds Redis but " + target.name() + " has none; not restored");
                    } else {
                        assigned.add(new Redis(component, target.redis(),
                                redisOptions(component, snapshot, target.redis(), plan)));
                    }
                }
                case FilesComponent.KIND -> {
                    Path path = target.directories().get(component.name());
                    if (path == null) {
                        notes.add("directory " + component.name() + " has no counterpart in " + target.name()
                                + "; not restored");
                    } else {
                        assigned.add(new Directory(component, path));
                    }
                }
                case BucketComponent.KIND -> {
                    if (target.bucket() == null) {
                        notes.add("the snapshot holds a bucket but " + target.name() + " has none; not restored");
                    } else {
                        assigned.add(new Bucket(component, target.bucket()));
                    }
                }
                default -> notes.add(component.label() + " is of a kind this version cannot restore; skipped");
            }
        }
        return new Resolution(assigned, wanted, notes);
    }

    /**
     * Which stored Redis database goes into which target database:
     * <ul>
     *   <li>the plan's map ({@code --redis-db-map}) when it has one;</li>
     *   <li>when both the snapshot and the target know their task database (deployments with Redis roles), the
     *       snapshot's task database into the target's — another deployment may keep its queue elsewhere;</li>
     *   <li>when the target's roles are unknown (a plain {@code --redis URL}) and the URL names a database, the
     *       snapshot's only database into that one — with several, the URL cannot say which goes where;</li>
     *   <li>otherwise every database back into the number it was backed up from.</li>
     * </ul>
     * Databases a map does not name keep their numbers.
     */
    private static RedisRestoreOptions redisOptions(Component component, Snapshot snapshot,
                                                    Deployment.RedisStores target, DeploymentRestore.Plan plan)
            throws IOException {
        if (!plan.redisDbMap().isEmpty()) {
            return new RedisRestoreOptions(plan.redisDbMap(), plan.redisExisting());
        }
        boolean targetRolesKnown = target.cacheDb() != Deployment.RedisStores.NO_CACHE;
        if (targetRolesKnown) {
            SnapshotDeployment.RedisRoles recorded = snapshot.deployment() == null ? null
                    : snapshot.deployment().redis();
            return new RedisRestoreOptions(recorded != null && recorded.known()
                    ? Map.of(recorded.tasksDb(), target.tasksDb()) : Map.of(), plan.redisExisting());
        }
        int named = target.tasks().db();
        if (named < 0) {
            return new RedisRestoreOptions(Map.of(), plan.redisExisting());
        }
        List<Integer> stored = RedisComponent.storedDatabases(component);
        if (stored.size() != 1) {
            throw new RedisFailure("the Redis URL names database " + named + " but " + component.label()
                    + " holds databases " + stored.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", ")) + "; leave the database out of the URL to"
                    + " restore each into its own number, or map them with --redis-db-map");
        }
        return new RedisRestoreOptions(Map.of(stored.getFirst(), named), plan.redisExisting());
    }
}
