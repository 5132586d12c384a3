package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.repository.crypto.StorageId;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final RetentionPolicy NONE = RetentionPolicy.none().withZone(UTC);
    private int counter;

    private static final SnapshotScope FULL = new SnapshotScope(List.of(
            SnapshotScope.Part.whole("postgres", "netbox")));
    private static final SnapshotScope ONE_TABLE = new SnapshotScope(List.of(
            new SnapshotScope.Part("postgres", "netbox", List.of("-t dcim_site"), List.of())));

    private SnapshotInfo at(String localTime) {
        return at(localTime, "host", "postgres/netbox");
    }

    private SnapshotInfo at(String localTime, String host, String component) {
        String[] kindAndName = component.split("/");
        return at(localTime, host, "", new SnapshotScope(List.of(SnapshotScope.Part.whole(kindAndName[0],
                kindAndName[1]))), List.of());
    }

    private SnapshotInfo at(String localTime, String host, String deployment, SnapshotScope scope, List<String> tags) {
        byte[] id = new byte[32];
        id[31] = (byte) counter;
        id[30] = (byte) (counter++ >> 8);
        return new SnapshotInfo(new SnapshotId(new StorageId(id)),
                LocalDateTime.parse(localTime).toInstant(ZoneOffset.UTC), host, tags, deployment, "",
                scope.parts().stream().map(SnapshotScope.Part::label).toList(), scope, 0);
    }

    private static List<Instant> times(List<SnapshotInfo> infos) {
        return infos.stream().map(SnapshotInfo::time).toList();
    }

    private static Instant t(String localTime) {
        return LocalDateTime.parse(localTime).toInstant(ZoneOffset.UTC);
    }

    @Test
    void emptyPolicyKeepsEverything() {
        List<SnapshotInfo> all = List.of(at("2026-01-01T10:00"), at("2026-01-02T10:00"));
        ForgetResult result = NONE.apply(all, true);
        assertEquals(2, result.keep().size());
        assertEquals(0, result.remove().size());
    }

    @Test
    void keepLastKeepsTheNewestN() {
        List<SnapshotInfo> all = List.of(at("2026-01-01T10:00"), at("2026-01-03T10:00"), at("2026-01-02T10:00"));
        ForgetResult result = NONE.withKeep(RetentionPolicy.Period.LAST, 2).apply(all, false);
        assertEquals(List.of(t("2026-01-02T10:00"), t("2026-01-03T10:00")), times(result.keep()));
        assertEquals(List.of(t("2026-01-01T10:00")), times(result.remove()));
    }

    @Test
    void keepDailyKeepsTheLastSnapshotOfEachOfTheNewestDays() {
        List<SnapshotInfo> all = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            all.add(at("2026-03-0" + day + "T08:00"));
            all.add(at("2026-03-0" + day + "T20:00"));
        }
        ForgetResult result = NONE.withKeep(RetentionPolicy.Period.DAILY, 3).apply(all, true);
        assertEquals(List.of(t("2026-03-03T20:00"), t("2026-03-04T20:00"), t("2026-03-05T20:00")),
                times(result.keep()));
        assertEquals(7, result.remove().size());
    }

    @Test
    void rulesAreCombinedAndEachSnapshotKeptOnce() {
        List<SnapshotInfo> all = new ArrayList<>();
        // Hourly snapshots over three days in January and one in each earlier month of 2025.
        for (int month = 1; month <= 12; month++) {
            all.add(at(String.format("2025-%02d-15T12:00", month)));
        }
        for (int day = 1; day <= 3; day++) {
            for (int hour = 0; hour < 24; hour += 6) {
                all.add(at(String.format("2026-01-%02dT%02d:30", day, hour)));
            }
        }
        RetentionPolicy policy = NONE.withKeep(RetentionPolicy.Period.LAST, 2).withKeep(RetentionPolicy.Period.DAILY, 2).withKeep(RetentionPolicy.Period.MONTHLY, 3).withKeep(RetentionPolicy.Period.YEARLY, 5);
        ForgetResult result = policy.apply(all, true);
        assertEquals(List.of(
                t("2025-11-15T12:00"), // monthly (3rd month back)
                t("2025-12-15T12:00"), // monthly, yearly 2025
                t("2026-01-02T18:30"), // daily
                t("2026-01-03T12:30"), // last
                t("2026-01-03T18:30")), // last, daily, monthly, yearly
                times(result.keep()));
        assertEquals(all.size() - 5, result.remove().size());
    }

    @Test
    void weeklyBucketsFollowIsoWeeksAndHourlyBucketsHours() {
        List<SnapshotInfo> all = List.of(
                at("2026-01-04T23:00"), // Sunday, ISO week 1
                at("2026-01-05T01:00"), // Monday, ISO week 2
                at("2026-01-05T01:40"),
                at("2026-01-11T10:00")); // Sunday, week 2
        assertEquals(List.of(t("2026-01-04T23:00"), t("2026-01-11T10:00")),
                times(NONE.withKeep(RetentionPolicy.Period.WEEKLY, 5).apply(all, true).keep()));
        assertEquals(List.of(t("2026-01-05T01:40"), t("2026-01-11T10:00")),
                times(NONE.withKeep(RetentionPolicy.Period.HOURLY, 2).apply(all, true).keep()));
    }

    @Test
    void bucketsUseTheConfiguredTimeZone() {
        // 23:30 UTC on the 1st and 00:30 UTC on the 2nd are the same day in UTC-2 … no: the 1st 21:30 and 22:30.
        List<SnapshotInfo> all = List.of(at("2026-05-01T23:30"), at("2026-05-02T00:30"));
        assertEquals(2, NONE.withKeep(RetentionPolicy.Period.DAILY, 5).apply(all, true).keep().size());
        assertEquals(1, NONE.withZone(ZoneOffset.ofHours(-2)).withKeep(RetentionPolicy.Period.DAILY, 5).apply(all, true).keep().size());
    }

    @Test
    void defaultGroupingKeepsTheFullBackupWhenAPartialOneIsNewer() {
        SnapshotInfo full = at("2026-01-01T10:00", "db1", "prod", FULL, List.of());
        SnapshotInfo oneTable = at("2026-01-01T11:00", "db1", "prod", ONE_TABLE, List.of());

        ForgetResult result = NONE.withKeep(RetentionPolicy.Period.LAST, 1).apply(List.of(full, oneTable), true);

        assertEquals(List.of(full, oneTable), result.keep());
        assertEquals(2, result.groups().size());
        assertEquals(List.of(), result.remove());
    }

    @Test
    void defaultGroupingSeparatesDeploymentsAndUsesTheHostForSnapshotsWithoutOne() {
        List<SnapshotInfo> all = List.of(
                at("2026-01-01T10:00", "a", "prod", FULL, List.of()),
                at("2026-01-02T10:00", "b", "prod", FULL, List.of()), // same deployment from another host
                at("2026-01-01T11:00", "a", "dev", FULL, List.of()),
                at("2026-01-01T12:00", "a", "", FULL, List.of()),
                at("2026-01-02T12:00", "b", "", FULL, List.of()));
        ForgetResult result = NONE.withKeep(RetentionPolicy.Period.LAST, 1).apply(all, true);
        assertEquals(List.of("deployment prod, full: postgres/netbox", "deployment dev, full: postgres/netbox",
                        "deployment a, full: postgres/netbox", "deployment b, full: postgres/netbox"),
                result.groups().stream().map(g -> g.group().describe()).toList());
        assertEquals(List.of(t("2026-01-01T10:00")), times(result.remove()));
    }

    @Test
    void groupByTakesHostDeploymentScopeAndTagsOrNothing() {
        List<SnapshotInfo> all = List.of(
                at("2026-01-01T10:00", "a", "prod", FULL, List.of("nightly")),
                at("2026-01-02T10:00", "a", "prod", FULL, List.of("weekly")),
                at("2026-01-03T10:00", "b", "prod", FULL, List.of("nightly")),
                at("2026-01-04T10:00", "b", "prod", ONE_TABLE, List.of("weekly")));
        RetentionPolicy keepLast = NONE.withKeep(RetentionPolicy.Period.LAST, 1);
        assertEquals(List.of(t("2026-01-04T10:00")), times(keepLast.withGroupBy(GroupBy.parse("")).apply(all, true)
                .keep()));
        assertEquals(List.of(t("2026-01-03T10:00"), t("2026-01-04T10:00")),
                times(keepLast.withGroupBy(GroupBy.parse("scope")).apply(all, true).keep()));
        assertEquals(List.of(t("2026-01-02T10:00"), t("2026-01-04T10:00")),
                times(keepLast.withGroupBy(GroupBy.parse("host")).apply(all, true).keep()));
        assertEquals(List.of(t("2026-01-03T10:00"), t("2026-01-04T10:00")),
                times(keepLast.withGroupBy(GroupBy.parse("tags")).apply(all, true).keep()));
        assertEquals(4, keepLast.withGroupBy(GroupBy.parse(" tags, host ")).apply(all, true).keep().size());
        assertEquals("host a, tags nightly", GroupBy.parse("host,tags").groupOf(all.getFirst()).describe());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> GroupBy.parse("host,paths"));
        assertTrue(bad.getMessage().contains("\"paths\""), bad.getMessage());
    }

    @Test
    void keptSnapshotsSayWhichRulesKeptThem() {
        List<SnapshotInfo> all = List.of(at("2026-01-01T10:00"), at("2026-01-02T10:00"), at("2026-01-02T11:00"));
        ForgetResult.Group group = NONE.withKeep(RetentionPolicy.Period.LAST, 1).withKeep(RetentionPolicy.Period.DAILY, 2).apply(all, true).groups().getFirst();
        assertEquals(List.of(List.of("daily"), List.of("last", "daily")),
                group.keep().stream().map(ForgetResult.Kept::reasons).toList());
        assertEquals(List.of(t("2026-01-02T10:00")), times(group.remove()));
    }

    @Test
    void idsInResultsAreDistinct() {
        assertEquals(64, HexFormat.of().formatHex(at("2026-01-01T00:00").id().id().bytes()).length());
    }
}
