package dev.sotbackup.store;

import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.redis.RedisTarget;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the target of a restore offers each kind of store: the deployment restored into, as the stores see it.
 * Each kind asks for its own place; a new kind adds the method for its place here.
 */
public interface RestoreTargets {

    /** The target's name, for notes. */
    String name();

    /** Whether the target has any database at all. */
    boolean hasDatabases();

    /**
     * The database that takes the snapshot's database {@code storedName}: the one of that name, or — another
     * deployment may call its one database differently — the target's only one for the snapshot's first.
     */
    Optional<ConnInfo> database(String storedName, int indexInSnapshot);

    Optional<RedisPlace> redis();

    /** The directory of that name. */
    Optional<Path> directory(String name);

    Optional<BucketSource> bucket();

    /**
     * The target's Redis.
     *
     * @param server     the task server; a database in its URL says where a single stored database goes
     * @param tasksDb    the task database, when {@code rolesKnown}
     * @param rolesKnown whether the target knows which database holds the tasks and which the cache
     */
    record RedisPlace(RedisTarget server, int tasksDb, boolean rolesKnown) {
    }
}
