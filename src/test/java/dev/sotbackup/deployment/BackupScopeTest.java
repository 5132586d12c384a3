package dev.sotbackup.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.SnapshotScope;
import dev.sotbackup.repository.body.FilesBody;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.repository.body.RedisBody;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupScopeTest {
    private static final List<Component> COMPONENTS = List.of(
            new Component("netbox", new PostgresBody(1, "netbox", null, null, null, null, null, null, null)),
            new Component("redis:6379", new RedisBody(1, null, null, null, null)),
            new Component("media", new FilesBody(1, null, null, null, 0, 0, null)));

    @Test
    void aWholeDeploymentIsFullAndItsRowExclusionsAreRecordedButKeepItFull() {
        SnapshotScope scope = BackupScope.of(COMPONENTS, plan(catalog(List.of(), List.of(), List.of("x_log")), true,
                RedisSelection.all()));

        assertTrue(scope.full());
        assertEquals("full: files/media, postgres/netbox (--exclude-changelog --exclude-table-data x_log), "
                + "redis/redis:6379", scope.describe());
    }

    @Test
    void aTableOrSchemaSelectionMakesTheSnapshotPartial() {
        SnapshotScope oneTable = BackupScope.of(COMPONENTS, plan(catalog(List.of("dcim_site"), List.of(), List.of()),
                false, RedisSelection.all()));
        SnapshotScope withoutASchema = BackupScope.of(COMPONENTS, plan(catalog(List.of(), List.of("audit"),
                List.of()), false, RedisSelection.all()));

        assertFalse(oneTable.full());
        assertEquals("partial: files/media, postgres/netbox (-t dcim_site), redis/redis:6379", oneTable.describe());
        assertFalse(withoutASchema.full());
        assertEquals(List.of("-N audit"), withoutASchema.parts().get(1).selection());
    }

    @Test
    void redisKeyPatternsMakeItPartialWhileChosenDatabasesDoNot() {
        SnapshotScope keys = BackupScope.of(COMPONENTS, plan(CatalogOptions.everything(), false,
                new RedisSelection(List.of(), List.of("rq:*"), List.of("rq:lock:*"))));
        SnapshotScope databases = BackupScope.of(COMPONENTS, plan(CatalogOptions.everything(), false,
                new RedisSelection(List.of(0, 3), List.of(), List.of())));

        assertFalse(keys.full());
        assertEquals(List.of("--redis-exclude-key rq:lock:*", "--redis-key rq:*"), keys.parts().get(2).selection());
        assertTrue(databases.full());
        assertEquals(List.of("--redis-db 0", "--redis-db 3"), databases.parts().get(2).options());
    }

    @Test
    void theSameOptionsInAnotherOrderGiveTheSameScopeAndOtherOptionsAnother() {
        SnapshotScope ab = BackupScope.of(COMPONENTS, plan(catalog(List.of("a", "b"), List.of(), List.of()), false,
                RedisSelection.all()));
        SnapshotScope ba = BackupScope.of(COMPONENTS.reversed(), plan(catalog(List.of("b", "a"), List.of(), List.of()),
                false, RedisSelection.all()));
        SnapshotScope whole = BackupScope.of(COMPONENTS, plan(CatalogOptions.everything(), false,
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
}
