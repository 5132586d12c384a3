package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.repository.body.RedisBody;
import dev.sotbackup.repository.crypto.StorageIds;
import dev.sotbackup.repository.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What "latest" and an id prefix resolve to under filters, scopes and deployments; what old snapshots' scope is. */
class SnapshotResolverTest {
    private static final SnapshotScope FULL = new SnapshotScope(List.of(
            SnapshotScope.Part.whole("postgres", "netbox")));
    private static final SnapshotScope ONE_TABLE = new SnapshotScope(List.of(
            new SnapshotScope.Part("postgres", "netbox", List.of("-t dcim_site"), List.of())));

    @TempDir
    Path dir;
    private Repository repository;
    private final List<String> notes = new ArrayList<>();
    private Instant clock = Instant.parse("2026-03-01T00:00:00Z");

    @BeforeEach
    void createRepository() throws Exception {
        repository = RepoFixtures.init(RepoFixtures.local(dir), Reporter.only(Reporter.Level.NOTE, notes::add));
    }

    @AfterEach
    void close() {
        repository.close();
    }

    @Test
    void latestIsTheNewestFullSnapshotNotANewerPartialOne() throws Exception {
        SnapshotId full = commit("prod", FULL);
        commit("prod", ONE_TABLE);

        assertEquals(full, repository.resolveSnapshot("latest"));
        assertEquals(List.of(), notes);
    }

    @Test
    void withoutAFullSnapshotLatestFailsNamingTheNewestPartialOne() throws Exception {
        SnapshotId partial = commit("prod", ONE_TABLE);

        RepositoryException e = assertThrows(RepositoryException.class, () -> repository.resolveSnapshot("latest"));

        assertEquals("no full snapshot in " + repository.backend().describe() + ": the newest, " + partial.shortId()
                + ", is partial: postgres/netbox (-t dcim_site); name a partial snapshot by its id, or add --scope "
                + "partial", e.getMessage());
    }

    @Test
    void scopePartialOrATagOnlyPartialSnapshotsCarryChoosesThePartialOne() throws Exception {
        commit("prod", FULL, "nightly");
        SnapshotId partial = commit("prod", ONE_TABLE, "one-table");
        commit("prod", FULL, "nightly");

        assertEquals(partial, resolve("latest", filter(List.of(), List.of(), SnapshotFilter.Scope.PARTIAL), null));
        assertEquals(List.of(), notes, "--scope partial asked for it");
        assertEquals(partial, resolve("latest", filter(List.of("one-table"), List.of(), null), null));
        assertEquals(List.of("latest --tag one-table is a partial snapshot, " + partial.shortId()
                + " (partial: postgres/netbox (-t dcim_site))"), notes);
    }

    @Test
    void hostOrDeploymentFiltersAloneDoNotMakeAPartialSnapshotLatest() throws Exception {
        commit("prod", ONE_TABLE);

        RepositoryException e = assertThrows(RepositoryException.class,
                () -> resolve("latest", filter(List.of(), List.of("prod"), null), null));
        assertTrue(e.getMessage().startsWith("no full snapshot matches --deployment prod: "), e.getMessage());
    }

    @Test
    void latestPrefersTheDeploymentTheCommandActsOn() throws Exception {
        SnapshotId prod = commit("prod", FULL);
        SnapshotId dr = commit("dr", FULL);

        assertEquals(prod, resolve("latest", SnapshotFilter.NONE, "prod"));
        assertEquals(dr, resolve("latest", SnapshotFilter.NONE, "dr"));
    }

    @Test
    void latestOfTheOnlyDeploymentWithSnapshotsServesAnotherDeployment() throws Exception {
        commit("prod", FULL);
        SnapshotId newest = commit("prod", FULL);

        assertEquals(newest, resolve("latest", SnapshotFilter.NONE, "dr-site"), "disaster recovery from prod's");
    }

    @Test
    void latestAcrossSeveralDeploymentsFailsAskingForOne() throws Exception {
        SnapshotId prod = commit("prod", FULL);
        commit("dev", ONE_TABLE);
        SnapshotId dev = commit("dev", FULL);

        RepositoryException e = assertThrows(RepositoryException.class,
                () -> resolve("latest", SnapshotFilter.NONE, "dr-site"));

        assertEquals("latest is ambiguous: full snapshots of deployment prod (newest " + prod.shortId()
                + "), deployment dev (newest " + dev.shortId() + ") match; choose one with --deployment NAME (or "
                + "--host NAME), or name the snapshot by its id", e.getMessage());
        assertEquals(dev, resolve("latest", filter(List.of(), List.of("dev"), null), null));
    }

    @Test
    void anIdThatDoesNotMatchTheFiltersIsRefused() throws Exception {
        SnapshotId prod = commit("prod", FULL, "nightly");

        assertEquals(prod, resolve(prod.shortId(), filter(List.of("nightly"), List.of("prod"), null), null));
        RepositoryException e = assertThrows(RepositoryException.class,
                () -> resolve(prod.shortId(), filter(List.of("weekly"), List.of(), null), null));
        assertEquals("snapshot " + prod.shortId() + " does not match --tag weekly", e.getMessage());
    }

    @Test
    void tagsOfOneOptionAreAllRequiredAndRepeatedOptionsAreAlternatives() {
        SnapshotInfo nightlyProd = info(List.of("nightly", "prod"));
        SnapshotInfo untagged = info(List.of());
        SnapshotFilter both = new SnapshotFilter(List.of(Set.of("nightly", "prod")), List.of(), List.of(), null);
        SnapshotFilter either = new SnapshotFilter(List.of(Set.of("weekly"), Set.of("nightly")), List.of(), List.of(),
                null);
        SnapshotFilter none = new SnapshotFilter(List.of(Set.of()), List.of(), List.of(), null);

        assertTrue(both.matches(nightlyProd));
        assertFalse(new SnapshotFilter(List.of(Set.of("nightly", "weekly")), List.of(), List.of(), null)
                .matches(nightlyProd));
        assertTrue(either.matches(nightlyProd));
        assertFalse(none.matches(nightlyProd));
        assertTrue(none.matches(untagged));
    }

    @Test
    void aSnapshotWrittenBeforeScopesWereRecordedDerivesItsScope() throws Exception {
        SnapshotDeployment deployment = new SnapshotDeployment("prod", null, null, null, true, List.of(), null,
                List.of());
        Snapshot snapshot = new Snapshot(clock, "db1", "u", "0.1.0", List.of(), null,
                List.of(redis("redis:6379"), postgres("netbox")), deployment, null);
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(snapshot.toJson());
        json.remove("scope"); // as the format before scopes wrote it
        byte[] stored = repository.envelope().encode(Json.write(json));
        repository.backend().put(ObjectPaths.snapshot(StorageIds.of(stored)), stored);

        SnapshotInfo listed = repository.snapshots().getFirst();

        assertEquals(new SnapshotScope(List.of(
                new SnapshotScope.Part("postgres", "netbox", List.of(), List.of("--exclude-changelog")),
                SnapshotScope.Part.whole("redis", "redis:6379"))), listed.scope());
        assertTrue(listed.scope().full(), "its selections were not recorded");
    }

    @Test
    void aRecordedScopeReadsBackAsWritten() throws Exception {
        SnapshotId id = commit("prod", ONE_TABLE);

        assertEquals(ONE_TABLE, repository.loadSnapshot(id).scope());
    }

    private SnapshotId resolve(String reference, SnapshotFilter filter, String preferredDeployment) throws Exception {
        return repository.resolveSnapshot(new SnapshotQuery(reference, filter, preferredDeployment));
    }

    private static SnapshotFilter filter(List<String> tags, List<String> deployments, SnapshotFilter.Scope scope) {
        return new SnapshotFilter(tags.stream().map(Set::of).toList(), List.of(), deployments, scope);
    }

    private static SnapshotInfo info(List<String> tags) {
        return new SnapshotInfo(new SnapshotId(StorageIds.of(new byte[] {(byte) tags.size()})), Instant.EPOCH, "h",
                tags, "", "", List.of(), FULL, 0);
    }

    /** A snapshot of {@code deployment} with {@code scope}, an hour after the previous one. */
    private SnapshotId commit(String deployment, SnapshotScope scope, String... tags) throws Exception {
        clock = clock.plusSeconds(3600);
        SnapshotDeployment description = new SnapshotDeployment(deployment, null, null, null, false, List.of(), null,
                List.of());
        try (BackupSession session = repository.startBackup("db1", 1)) {
            return session.commit(new Snapshot(clock, "db1", "u", "0.1.0", List.of(tags), null,
                    List.of(postgres("netbox")), description, scope));
        }
    }

    private static Component postgres(String name) {
        return new Component(name, new PostgresBody(PostgresBody.VERSION, name, null, null, null, null, null, null,
                null));
    }

    private static Component redis(String name) {
        return new Component(name, new RedisBody(RedisBody.VERSION, null, null, null, null));
    }
}
