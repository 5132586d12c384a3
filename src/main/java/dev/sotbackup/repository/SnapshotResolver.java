package dev.sotbackup.repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link SnapshotQuery} into one snapshot id, for every command that reads a snapshot.
 *
 * <p>An id prefix names its snapshot, which must match the filters. {@code latest} is the newest snapshot among
 * those matching the filters that is
 * <ul>
 *   <li><em>full</em> ({@link SnapshotScope#full}): a one-table backup taken after a whole one never becomes
 *       "latest" by accident. A partial snapshot is chosen by its id, with {@code --scope partial}, or when
 *       the filters include {@code --tag} and only partial snapshots carry it (a note then says so);</li>
 *   <li>of the command's deployment ({@code -c FILE}'s name) when any is, otherwise of the one deployment left
 *       (a deployment's snapshots restore into another: disaster recovery). When snapshots of several
 *       deployments remain — or, for snapshots without a deployment, of several hosts — it fails and asks for
 *       {@code --deployment} or {@code --host}: it never picks across deployments silently.</li>
 * </ul>
 */
final class SnapshotResolver {
    private final Repository repository;

    SnapshotResolver(Repository repository) {
        this.repository = repository;
    }

    SnapshotId resolve(SnapshotQuery query) throws IOException {
        return query.isLatest() ? latest(query) : byId(query);
    }

    private SnapshotId byId(SnapshotQuery query) throws IOException {
        String prefix = query.reference();
        if (prefix.length() < 4 || !prefix.matches("[0-9a-f]+")) {
            throw new RepositoryException("snapshot \"" + prefix
                    + "\": give at least 4 lower-case hex digits of its id, or latest");
        }
        List<String> ids = repository.backend().list(ObjectPaths.SNAPSHOTS).stream()
                .map(n -> n.substring(ObjectPaths.SNAPSHOTS.length())).toList();
        SnapshotId id = SnapshotId.parse(Repository.uniqueMatch(ids, prefix, "snapshot"));
        SnapshotFilter filter = query.filter();
        if (!filter.isEmpty() && !filter.matches(SnapshotInfo.of(id, repository.loadSnapshot(id)))) {
            throw new RepositoryException("snapshot " + id.shortId() + " does not match " + filter.describe());
        }
        return id;
    }

    private SnapshotId latest(SnapshotQuery query) throws IOException {
        SnapshotFilter filter = query.filter();
        List<SnapshotInfo> matching = filter.apply(repository.snapshots());
        String where = filter.isEmpty() ? "in " + repository.backend().describe() : "matches " + filter.describe();
        if (matching.isEmpty()) {
            throw new RepositoryException((filter.isEmpty() ? "no snapshots " : "no snapshot ") + where);
        }
        List<SnapshotInfo> candidates = matching;
        boolean fullOnly = false;
        if (filter.scope() == null) {
            List<SnapshotInfo> full = matching.stream().filter(s -> s.scope().full()).toList();
            SnapshotInfo newest = matching.getLast();
            if (!full.isEmpty()) {
                candidates = full;
                fullOnly = full.size() < matching.size();
            } else if (!filter.describesContent()) {
                throw new RepositoryException("no full snapshot " + where + ": the newest, " + newest.id().shortId()
                        + ", is " + newest.scope().describe() + "; name a partial snapshot by its id, or add "
                        + "--scope partial");
            }
        }
        String preferred = query.preferredDeployment();
        if (preferred != null && candidates.stream().anyMatch(s -> s.deployment().equals(preferred))) {
            candidates = candidates.stream().filter(s -> s.deployment().equals(preferred)).toList();
        }
        Map<String, SnapshotInfo> newestByOwner = new LinkedHashMap<>();
        candidates.forEach(s -> newestByOwner.put(s.owner(), s)); // oldest first: the last one put stays
        if (newestByOwner.size() > 1) {
            List<String> owners = new ArrayList<>();
            newestByOwner.values().forEach(s -> owners.add(s.describeOwner() + " (newest " + s.id().shortId() + ")"));
            throw new RepositoryException("latest is ambiguous: " + (fullOnly ? "full " : "")
                    + "snapshots of " + String.join(", ", owners) + " match; choose one with --deployment NAME "
                    + "(or --host NAME), or name the snapshot by its id");
        }
        SnapshotInfo chosen = candidates.getLast();
        if (filter.scope() == null && !chosen.scope().full()) {
            repository.note("latest " + filter.describe() + " is a partial snapshot, " + chosen.id().shortId() + " ("
                    + chosen.scope().describe() + ")");
        }
        return chosen.id();
    }
}
