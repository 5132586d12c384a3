package dev.sotbackup.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AppVersionTest {

    @Test
    void netboxDemoDatabasesAreRecognisedWithTheirChangelogTable() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        for (var fixture : Map.of(Fixtures.NETBOX_V42, "4.2", Fixtures.NETBOX_V37, "3.7").entrySet()) {
            String database = server.createDatabase("appversion");
            Fixtures.load(server, database, fixture.getKey());
            try (Connection connection = server.connect(database)) {
                DatabaseFacts facts = DatabaseFacts.read(connection, Profile.NETBOX);
                assertEquals("NetBox " + fixture.getValue(), facts.version().describe());
                assertEquals(Optional.of(fixture.getKey().equals(Fixtures.NETBOX_V42) ? "core_objectchange" : "extras_objectchange"),
                        facts.changelogTable());
                assertTrue(facts.rebuildable().contains("extras_cachedvalue"), facts.rebuildable().toString());
            }
        }
    }

    @Test
    void aSchemaIsAheadWhenAnAppBothSidesKnowHasMoreMigrationsAndPluginsDoNotCount() {
        var at37 = AppVersion.fromHeads(heads("core", 10, "dcim", 185, "extras", 105, "ipam", 69, "users", 4),
                Profile.Application.NETBOX);
        var at42 = AppVersion.fromHeads(heads("core", 12, "dcim", 200, "extras", 122, "ipam", 76, "users", 9),
                Profile.Application.NETBOX);
        var at37WithPlugin = AppVersion.fromHeads(heads("core", 10, "dcim", 185, "extras", 105, "ipam", 69,
                "users", 4, "netbox_bgp", 30), Profile.Application.NETBOX);
        assertTrue(at42.isAheadOf(at37));
        assertFalse(at37.isAheadOf(at42));
        assertFalse(at37WithPlugin.isAheadOf(at37), "a plugin the target lacks is not a newer NetBox");
        assertFalse(at42.isAheadOf(AppVersion.UNKNOWN), "an empty target has nothing to be behind");
    }

    @Test
    void releaseIsTheNewestWhoseMigrationsAreAllApplied() {
        var at42 = heads("core", 12, "dcim", 200, "extras", 122, "ipam", 76, "users", 9);
        assertEquals("4.2", AppVersion.fromHeads(at42, Profile.Application.NETBOX).release());
        var halfway = heads("core", 15, "dcim", 205, "extras", 128, "ipam", 81, "users", 9);
        assertEquals("4.2", AppVersion.fromHeads(halfway, Profile.Application.NETBOX).release(),
                "4.3 needs dcim 0207");
        var future = heads("core", 30, "dcim", 260, "extras", 150, "ipam", 99, "users", 17);
        assertEquals("≥4.7", AppVersion.fromHeads(future, Profile.Application.NETBOX).release());
        var nautobot = heads("extras", 121, "dcim", 67, "ipam", 50, "users", 9, "constance", 2);
        AppVersion version = AppVersion.fromHeads(nautobot, Profile.Application.NETBOX);
        assertEquals("Nautobot 2.4", version.describe(), "constance marks Nautobot whatever the profile says");
    }

    @Test
    void versionsRoundTripThroughTheManifestAndCompareByMigrations() {
        AppVersion a = AppVersion.fromHeads(heads("core", 12, "dcim", 200, "extras", 122, "ipam", 76, "users", 9),
                Profile.Application.NETBOX);
        AppVersion back = AppVersion.of(a.recorded());
        assertEquals(a, back);
        assertFalse(a.differsFrom(back));
        AppVersion patched = AppVersion.fromHeads(heads("core", 12, "dcim", 201, "extras", 122, "ipam", 76,
                "users", 9), Profile.Application.NETBOX);
        assertEquals(a.release(), patched.release());
        assertTrue(a.differsFrom(patched), "same release, different migrations: still a different schema");
    }

    private static TreeMap<String, Integer> heads(Object... appsAndNumbers) {
        TreeMap<String, Integer> heads = new TreeMap<>();
        for (int i = 0; i < appsAndNumbers.length; i += 2) {
            heads.put((String) appsAndNumbers[i], (Integer) appsAndNumbers[i + 1]);
        }
        return heads;
    }
}
