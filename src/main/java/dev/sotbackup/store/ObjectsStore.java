package dev.sotbackup.store;

import dev.sotbackup.objectstore.BucketComponent;
import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.objectstore.RestoreMode;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.SnapshotScope;
import dev.sotbackup.repository.body.ObjectsBody;
import dev.sotbackup.repository.body.StoredObject;
import java.io.IOException;
import java.util.List;

/**
 * S3 buckets or prefixes of them ({@link BucketComponent}): restored into the target's bucket, object by object;
 * drilled by reading every object back.
 */
public final class ObjectsStore extends BodyStore<ObjectsBody> {

    ObjectsStore() {
        super(ObjectsBody.class);
    }

    @Override
    public String describe(Component component) {
        return "bucket " + component.name();
    }

    @Override
    public String targetOption(Component component) {
        return "--s3-bucket";
    }

    @Override
    public boolean hasTarget(Component component, RestoreTargets targets) {
        return targets.bucket().isPresent();
    }

    @Override
    public List<StoredItem> list(Repository repository, Component component) throws IOException {
        return body(component).objects().stream().map(object -> new StoredItem("object", object.key(), 1,
                object.size())).toList();
    }

    @Override
    public Placement place(Component component, int index, RestoreContext context) throws IOException {
        return placeInto(context.targets().bucket(), "the snapshot holds a bucket but " + context.targets().name()
                + " has none", bucket -> new Restore(component, bucket, context.settings().bucketMode(),
                context.settings().jobs()));
    }

    /** Objects put under the target's prefix, {@code jobs} at a time. */
    private record Restore(Component component, BucketSource target, RestoreMode mode, int jobs)
            implements StoreRestore {

        @Override
        public String describe() {
            return "bucket " + component.name() + " → " + target.describe();
        }

        @Override
        public Order order() {
            return Order.ADDED_TO;
        }

        @Override
        public void check() throws IOException {
            BucketComponent.check(component, target, mode);
        }

        @Override
        public Restored restore(Repository repository, Reporter reporter)
                throws IOException {
            var result = BucketComponent.restore(repository, component, target, mode, jobs, reporter);
            return new Restored.Written(List.of(component.label() + " into " + target.describe() + " ("
                    + result.objects() + " objects)"), 0);
        }
    }

    @Override
    public DrillResult drill(Component component, Drill drill) throws IOException {
        List<StoredObject> objects = body(component).objects();
        return ReadBack.drill(drill.repository(), component.label(), objects.stream().map(StoredObject::blobs)
                .toList(), objects.stream().mapToLong(StoredObject::size).sum(), "objects");
    }

    /** A bucket, or a prefix of it, read {@code jobs} objects at a time. */
    public record Source(BucketSource bucket, int jobs) implements StoreSource {

        @Override
        public Component backup(BackupSession session, Reporter reporter) throws IOException {
            return BucketComponent.backup(session, bucket, jobs, reporter);
        }

        @Override
        public SnapshotScope.Part scope() {
            return SnapshotScope.Part.whole(ObjectsBody.KIND, BucketComponent.name(bucket));
        }
    }
}
