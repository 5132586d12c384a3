package dev.sotbackup.store;

import dev.sotbackup.files.FilesComponent;
import dev.sotbackup.files.TarImport;
import dev.sotbackup.files.TarSource;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.SnapshotScope;
import dev.sotbackup.repository.body.FilesBody;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Directory trees ({@link FilesComponent}): restored into the target's directory of the same name, file by file;
 * drilled by reading every file back.
 */
public final class FilesStore extends BodyStore<FilesBody> {

    FilesStore() {
        super(FilesBody.class);
    }

    @Override
    public String describe(Component component) {
        return "files " + component.name();
    }

    @Override
    public String targetOption(Component component) {
        return "--dir " + component.name() + "=PATH";
    }

    @Override
    public boolean hasTarget(Component component, RestoreTargets targets) {
        return targets.directory(component.name()).isPresent();
    }

    @Override
    public List<StoredItem> list(Repository repository, Component component) throws IOException {
        return body(component).entries().stream().map(entry -> new StoredItem(entry.type(), entry.path(), 1,
                size(entry))).toList();
    }

    @Override
    public Placement place(Component component, int index, RestoreContext context) throws IOException {
        return placeInto(context.targets().directory(component.name()), "directory " + component.name()
                + " has no counterpart in " + context.targets().name(),
                directory -> new Restore(component, directory, context.settings().overwriteFiles()));
    }

    /** A tree restored into a directory; {@code overwrite} allows a non-empty one. */
    private record Restore(Component component, Path target, boolean overwrite) implements StoreRestore {

        @Override
        public String describe() {
            return "files " + component.name() + " → " + target;
        }

        @Override
        public Order order() {
            return Order.ADDED_TO;
        }

        @Override
        public void check() throws IOException {
            FilesComponent.check(component, target, overwrite);
        }

        @Override
        public Restored restore(Repository repository, Reporter reporter)
                throws IOException {
            var result = FilesComponent.restore(repository, component, target, overwrite, reporter);
            return new Restored.Written(List.of(component.label() + " into " + target + " (" + result.files()
                    + " files)"), 0);
        }
    }

    @Override
    public DrillResult drill(Component component, Drill drill) throws IOException {
        List<FilesBody.Entry> files = body(component).entries().stream()
                .filter(entry -> entry.blobs() != null && !entry.blobs().isEmpty()).toList();
        return ReadBack.drill(drill.repository(), component.label(), files.stream().map(FilesBody.Entry::blobs)
                .toList(), files.stream().mapToLong(FilesStore::size).sum(), "files");
    }

    /** A file's size; other entries have none. */
    private static long size(FilesBody.Entry entry) {
        return entry.size() == null ? 0 : entry.size();
    }

    /** A directory on this machine, read on {@code jobs} threads. */
    public record DirectorySource(String name, Path root, int jobs) implements StoreSource {

        @Override
        public Component backup(BackupSession session, Reporter reporter) throws IOException {
            return FilesComponent.backup(session, name, root, jobs, reporter);
        }

        @Override
        public SnapshotScope.Part scope() {
            return SnapshotScope.Part.whole(FilesBody.KIND, name);
        }
    }

    /**
     * A directory as a tar archive, stored as if backed up from disk: a tar.gz made by the manual recipe, or tar
     * streamed out of an application pod.
     */
    public record ArchiveSource(String name, TarSource archive) implements StoreSource {

        @Override
        public Component backup(BackupSession session, Reporter reporter) throws IOException {
            reporter.info("files " + name + ": reading " + archive.source());
            return TarImport.backup(session, name, archive, reporter);
        }

        @Override
        public SnapshotScope.Part scope() {
            return SnapshotScope.Part.whole(FilesBody.KIND, name);
        }
    }
}
