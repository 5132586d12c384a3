package dev.sotbackup.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.dump.DumpCounters;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.repository.SnapshotScope;
import dev.sotbackup.store.StoreSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupScopeTest {
    /** A database netbox, Redis with roles (so that no server is asked which databases it has), a directory. */
    private static final Deployment DEPLOYMENT = deployment();

    @Test
    void aWholeDeploymentIsFullAndItsRowExclusionsAreRecordedButKeepItFull() throws IOException {
        SnapshotScope scope = scope(plan(catalog(List.of(), List.of(), List.of("x_log")), true,
                RedisSelection.all()));

        assertTrue(scope.full());
        assertEquals("full: files/media, postgres/netbox (--exclude-changelog --exclude-table-data x_log), "
                + "redis/redis:6379", scope.describe());
    }

    @Test
    void aTableOrSchemaSelectionMakesTheSnapshotPartial() throws IOException {
        SnapshotScope oneTable = scope(plan(catalog(List.of("dcim_site"), List.of(), List.of()),
                false, RedisSelection.all()));
        SnapshotScope withoutASchema = scope(plan(catalog(List.of(), List.of("audit"),
                List.of()), false, RedisSelection.all()));

        assertFalse(oneTable.full());
        assertEquals("partial: files/media, postgres/netbox (-t dcim_site), redis/redis:6379", oneTable.describe());
        assertFalse(withoutASchema.full());
        assertEquals(List.of("-N audit"), withoutASchema.parts().get(1).selection());
    }

    @Test
    void redisKeyPatternsMakeItPartialWhileChosenDatabasesDoNot() throws IOException {
        SnapshotScope keys = scope(plan(CatalogOptions.everything(), false,
                new RedisSelection(List.of(), List.of("rq:*"), List.of("rq:lock:*"))));
        SnapshotScope databases = scope(plan(CatalogOptions.everything(), false,
                new RedisSelection(List.of(0, 3), List.of(), List.of())));

        assertFalse(keys.full());
        assertEquals(List.of("--redis-exclude-key rq:lock:*", "--redis-key rq:*"), keys.parts().get(2).selection());
        assertTrue(databases.full());
        assertEquals(List.of("--redis-db 0", "--redis-db 3"), databases.parts().get(2).options());
    }

    @Test
    void theSameOptionsInAnotherOrderGiveTheSameScopeAndOtherOptionsAnother() throws IOException {
        SnapshotScope ab = scope(plan(catalog(List.of("a", "b"), List.of(), List.of()), false,
                RedisSelection.all()));
        SnapshotScope ba = reversedScope(plan(catalog(List.of("b", "a"), List.of(), List.of()),
                false, RedisSelection.all()));
        SnapshotScope whole = scope(plan(CatalogOptions.everything(), false,
                RedisSelection.all()));

        assertEquals(ab, ba);
        assertNotEquals(ab, whole);
    }

    private static CatalogOptions catalog(List<String> tables, List<String> excludedSchemas,
                                          List<String> excludedData) {
        return new CatalogOptions(false, false, false, false, tables.isEmpty(), List.of(), patterns(excludedSchemas),
                patterns(tables), List.of(), patterns(excludedData));
    }

    private static List<NamePattern> patterns(List<String> texts) {
        return texts.stream().map(NamePattern::parse).toList();
    }

    private static DeploymentBackup.Plan plan(CatalogOptions catalog, boolean excludeChangelog,
                                              RedisSelection redis) {
        return new DeploymentBackup.Plan(catalog, 1, excludeChangelog, false, redis, Map.of(), List.of(), "host",
                "test");
    }

    private static SnapshotScope scope(DeploymentBackup.Plan plan) throws IOException {
        return new SnapshotScope(sources(plan).stream().map(StoreSource::scope).toList());
    }

    private static SnapshotScope reversedScope(DeploymentBackup.Plan plan) throws IOException {
        return new SnapshotScope(sources(plan).reversed().stream().map(StoreSource::scope).toList());
    }

    private static List<StoreSource> sources(DeploymentBackup.Plan plan) throws IOException {
        return DeploymentBackup.sources(DEPLOYMENT, plan,
                List.of(new DatabaseFacts(AppVersion.UNKNOWN, Optional.empty(), List.of(), 0)),
                List.of(new DumpCounters()));
    }

    private static Deployment deployment() {
        try {
            RedisTarget redis = RedisTarget.parse("redis://redis:6379");
            return new Deployment("scope", Profile.NETBOX, List.of(new Deployment.Database("netbox",
                    ConnInfo.parse("dbname=netbox"))), new Deployment.RedisStores(redis, 0, redis, 1),
                    Map.of("media", Path.of("/srv/media")), null, List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
