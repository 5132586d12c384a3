package dev.sotbackup.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.DeploymentRestore;
import dev.sotbackup.deployment.DeploymentTargets;
import dev.sotbackup.deployment.Profile;
import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.body.ComponentBody;
import dev.sotbackup.repository.body.UnknownBody;
import dev.sotbackup.repository.json.Json;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The registry of store kinds, on the golden format-1 snapshot (one component of every kind): where each component
 * goes and in which order, what a listing shows, and what happens to kinds and body versions this build does not
 * know. Nothing here reaches a server: placing a component only decides where it goes.
 */
class StoresTest {

    @Test
    void everyKindTheFormatKnowsHasOneStoreAndEveryStoreItsBodyRecord() {
        assertEquals(ComponentBody.KNOWN.stream().map(ComponentBody.Type::kind).toList(), Stores.names());
        for (ComponentBody.Type type : ComponentBody.KNOWN) {
            assertEquals(type.record(), Stores.named(type.kind()).orElseThrow().bodyType(), type.kind());
        }
    }

    @Test
    void aRestoreTakesDatabasesFirstThenDirectoriesThenBucketsThenRedis() throws Exception {
        try (Repository repository = golden()) {
            Snapshot snapshot = latest(repository);

            Stores.Resolution resolution = Stores.place(context(snapshot, target()), kind -> true);

            assertEquals(List.of(), resolution.notes());
            assertEquals(List.of("postgres", "redis", "files", "objects"),
                    resolution.assigned().stream().map(r -> r.component().kind()).toList(), "snapshot order");
            assertEquals(List.of("postgres", "files", "objects", "redis"), Stores.inRestoreOrder(
                    resolution.assigned()).stream().map(r -> r.component().kind()).toList());
            assertEquals("files media → /srv/restored-media", resolution.assigned().get(2).describe());
        }
    }

    @Test
    void aKindThisVersionDoesNotKnowIsLeftOutWithANoteAndTheRestPlaced() throws Exception {
        try (Repository repository = golden()) {
            Snapshot golden = latest(repository);
            ObjectNode secrets = Json.object();
            secrets.put("namespace", "netbox");
            List<Component> components = new ArrayList<>(golden.components());
            components.add(new Component("netbox", UnknownBody.of("kubernetes-secrets", secrets)));
            Snapshot snapshot = new Snapshot(golden.time(), "h", "u", "t", List.of(), null, components,
                    golden.deployment(), null);

            Stores.Resolution resolution = Stores.place(context(snapshot, target()), kind -> true);

            assertEquals(List.of("kubernetes-secrets/netbox is of a kind this version cannot restore; skipped"),
                    resolution.notes());
            assertEquals(4, resolution.assigned().size());
            assertEquals(5, resolution.wanted().size());
        }
    }

    @Test
    void aBodyOfANewerVersionIsRefusedInOneLineBeforeAnythingIsPlaced() throws Exception {
        try (Repository repository = golden()) {
            Snapshot golden = latest(repository);
            ObjectNode newer = Json.tree(golden.components().getFirst().body());
            newer.put("version", 2);
            List<Component> components = new ArrayList<>(golden.components());
            components.set(0, new Component(golden.components().getFirst().name(), UnknownBody.of("postgres", newer)));
            Snapshot snapshot = new Snapshot(golden.time(), "h", "u", "t", List.of(), null, components,
                    golden.deployment(), null);

            UnreadableComponent refused = assertThrows(UnreadableComponent.class,
                    () -> Stores.place(context(snapshot, target()), kind -> true));

            assertEquals("component " + components.getFirst().label() + " has a body of version 2, newer than this"
                    + " version of sot-backup reads; use a newer sot-backup", refused.getMessage());
        }
    }

    @Test
    void aTargetWithoutAPlaceForAKindGetsANoteNamingIt() throws Exception {
        try (Repository repository = golden()) {
            Snapshot snapshot = latest(repository);
            Deployment onlyFiles = new Deployment("files-only", Profile.GENERIC, List.of(), null,
                    Map.of("media", Path.of("/srv/media")), null, List.of());

            Stores.Resolution resolution = Stores.place(context(snapshot, onlyFiles), kind -> !kind.equals("redis"));

            assertEquals(List.of("files"), resolution.assigned().stream().map(r -> r.component().kind()).toList());
            assertEquals(List.of("database " + snapshot.components().getFirst().name() + " has no counterpart in"
                    + " files-only; not restored", "the snapshot holds a bucket but files-only has none; not restored"),
                    resolution.notes());
        }
    }

    @Test
    void theListingNamesEveryTableRedisDatabaseFileAndObjectWithItsSize() throws Exception {
        try (Repository repository = golden()) {
            Map<String, Set<String>> listed = new java.util.LinkedHashMap<>();
            for (Component component : latest(repository).components()) {
                listed.put(component.kind(), Stores.of(component).orElseThrow().list(repository, component).stream()
                        .map(item -> item.type() + " " + item.name() + " " + item.count() + " " + item.bytes())
                        .collect(Collectors.toSet()));
            }

            assertTrue(listed.get("postgres").contains("table public.dcim_device 40 2027"), listed.get("postgres")::toString);
            assertTrue(listed.get("postgres").stream().anyMatch(l -> l.startsWith("large objects ") && l.endsWith(" 1 512")),
                    listed.get("postgres")::toString);
            assertEquals(Set.of("database db 0 8 532"), listed.get("redis"));
            assertTrue(listed.get("files").containsAll(Set.of("file scripts/sync.py 1 37", "dir image-attachments 1 0",
                    "symlink logo.png 1 0")), listed.get("files")::toString);
            assertEquals(Set.of("object image-attachments/rack 1.png 1 256", "object scripts/sync.py 1 12"),
                    listed.get("objects"));
        }
    }

    private static RestoreContext context(Snapshot snapshot, Deployment target) {
        return new RestoreContext(snapshot, new DeploymentTargets(target),
                DeploymentRestore.Plan.forDeployment(RestoreOptions.defaults()));
    }

    /** A deployment with a place for every store; nothing listens there, and placing does not connect. */
    private static Deployment target() throws Exception {
        RedisTarget redis = RedisTarget.parse("redis://127.0.0.1:1");
        return new Deployment("target", Profile.NETBOX, List.of(new Deployment.Database("netbox",
                ConnInfo.parse("host=127.0.0.1 port=1 dbname=netbox"))), new Deployment.RedisStores(redis, 0, redis, 1),
                Map.of("media", Path.of("/srv/restored-media")),
                BucketSource.of(URI.create("http://127.0.0.1:1"), "restored", ""), List.of());
    }

    private Repository golden() throws Exception {
        return Repository.open(new LocalBackend(Path.of(getClass().getResource("/repositories/format-1").toURI())),
                GoldenDeployment.PASSWORD.toCharArray());
    }

    private static Snapshot latest(Repository repository) throws Exception {
        return repository.loadSnapshot(repository.resolveSnapshot("latest"));
    }
}
