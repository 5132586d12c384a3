package dev.sotbackup.deployment;

import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.store.RestoreTargets;
import java.nio.file.Path;
import java.util.Optional;

/** A deployment as the target of a restore: the place it has for each kind of store. */
public record DeploymentTargets(Deployment deployment) implements RestoreTargets {

    @Override
    public String name() {
        return deployment.name();
    }

    @Override
    public boolean hasDatabases() {
        return !deployment.databases().isEmpty();
    }

    @Override
    public Optional<ConnInfo> database(String storedName, int indexInSnapshot) {
        return Optional.ofNullable(deployment.databaseFor(storedName, indexInSnapshot))
                .map(Deployment.Database::conninfo);
    }

    @Override
    public Optional<RedisPlace> redis() {
        Deployment.RedisStores redis = deployment.redis();
        return redis == null ? Optional.empty() : Optional.of(new RedisPlace(redis.tasks(), redis.tasksDb(),
                redis.cacheDb() != Deployment.RedisStores.NO_CACHE));
    }

    @Override
    public Optional<Path> directory(String name) {
        return Optional.ofNullable(deployment.directories().get(name));
    }

    @Override
    public Optional<BucketSource> bucket() {
        return Optional.ofNullable(deployment.bucket());
    }
}
