package dev.sotbackup.repository;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * restic's forget policy: walking snapshots from newest to oldest, each {@code keep-*} rule keeps a snapshot
 * when it is the newest one of a time bucket (hour, day, ISO week, month, year, in {@code zone}) the rule has
 * not yet seen, until the rule has kept its count; {@code keepLast} keeps the newest N outright. A snapshot
 * is kept if any rule keeps it. A policy with no rule keeps everything (forgetting all by accident is worse
 * than forgetting nothing). Each group of snapshots ({@link GroupBy}) gets the policy on its own.
 */
public record RetentionPolicy(int keepLast, int keepHourly, int keepDaily, int keepWeekly, int keepMonthly,
                              int keepYearly, GroupBy groupBy, ZoneId zone) {

    public RetentionPolicy {
        for (int n : new int[] {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly}) {
            if (n < 0) {
                throw new IllegalArgumentException("keep counts must not be negative");
            }
        }
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(zone, "zone");
    }

    public static RetentionPolicy none() {
        return new RetentionPolicy(0, 0, 0, 0, 0, 0, GroupBy.DEFAULT, ZoneId.systemDefault());
    }

    public RetentionPolicy withKeepLast(int n) {
        return new RetentionPolicy(n, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly,
                groupBy, zone);
    }

    public RetentionPolicy withKeepHourly(int n) {
        return new RetentionPolicy(keepLast, n, keepDaily, keepWeekly, keepMonthly, keepYearly,
                groupBy, zone);
    }

    public RetentionPolicy withKeepDaily(int n) {
        return new RetentionPolicy(keepLast, keepHourly, n, keepWeekly, keepMonthly, keepYearly,
                groupBy, zone);
    }

    public RetentionPolicy withKeepWeekly(int n) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, n, keepMonthly, keepYearly,
                groupBy, zone);
    }

    public RetentionPolicy withKeepMonthly(int n) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, n, keepYearly,
                groupBy, zone);
    }

    public RetentionPolicy withKeepYearly(int n) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, n,
                groupBy, zone);
    }

    public RetentionPolicy withGroupBy(GroupBy newGroupBy) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly, newGroupBy,
                zone);
    }

    public RetentionPolicy withZone(ZoneId newZone) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly,
                groupBy, newZone);
    }

    public boolean isEmpty() {
        return keepLast + keepHourly + keepDaily + keepWeekly + keepMonthly + keepYearly == 0;
    }

    /** Decides; nothing is deleted here. Groups come in the order of their oldest snapshot. */
    public ForgetResult apply(List<SnapshotInfo> snapshots, boolean dryRun) {
        Map<GroupBy.SnapshotGroup, List<SnapshotInfo>> groups = new LinkedHashMap<>();
        for (SnapshotInfo s : sorted(snapshots)) {
            groups.computeIfAbsent(groupBy.groupOf(s), k -> new ArrayList<>()).add(s);
        }
        List<ForgetResult.Group> results = new ArrayList<>();
        groups.forEach((group, members) -> results.add(applyToGroup(group, members)));
        return new ForgetResult(results, dryRun);
    }

    private ForgetResult.Group applyToGroup(GroupBy.SnapshotGroup group, List<SnapshotInfo> oldestFirst) {
        if (isEmpty()) {
            return new ForgetResult.Group(group, oldestFirst.stream()
                    .map(s -> new ForgetResult.Kept(s, List.of())).toList(), List.of());
        }
        List<Rule> rules = List.of(
                new Rule("last", keepLast, s -> s.id().toString()), // every snapshot is its own bucket
                new Rule("hourly", keepHourly,
                        s -> local(s).withMinute(0).withSecond(0).withNano(0).toLocalDateTime().toString()),
                new Rule("daily", keepDaily, s -> local(s).toLocalDate().toString()),
                new Rule("weekly", keepWeekly, s -> local(s).get(IsoFields.WEEK_BASED_YEAR) + "-W"
                        + local(s).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                new Rule("monthly", keepMonthly, s -> local(s).getYear() + "-" + local(s).getMonthValue()),
                new Rule("yearly", keepYearly, s -> Integer.toString(local(s).getYear())));
        Map<SnapshotId, List<String>> reasons = new HashMap<>();
        for (SnapshotInfo s : oldestFirst.reversed()) {
            for (Rule rule : rules) {
                if (rule.offer(s)) {
                    reasons.computeIfAbsent(s.id(), id -> new ArrayList<>()).add(rule.name);
                }
            }
        }
        List<ForgetResult.Kept> keep = new ArrayList<>();
        List<SnapshotInfo> remove = new ArrayList<>();
        for (SnapshotInfo s : oldestFirst) {
            if (reasons.containsKey(s.id())) {
                keep.add(new ForgetResult.Kept(s, reasons.get(s.id())));
            } else {
                remove.add(s);
            }
        }
        return new ForgetResult.Group(group, keep, remove);
    }

    private ZonedDateTime local(SnapshotInfo s) {
        return s.time().atZone(zone);
    }

    private static List<SnapshotInfo> sorted(List<SnapshotInfo> snapshots) {
        List<SnapshotInfo> copy = new ArrayList<>(snapshots);
        copy.sort(Comparator.comparing(SnapshotInfo::time).thenComparing(s -> s.id().toString()));
        return copy;
    }

    /** One keep-* rule: keeps the first (newest) snapshot of each new bucket while its count lasts. */
    private static final class Rule {
        private final String name;
        private int remaining;
        private final Function<SnapshotInfo, String> bucket;
        private String lastBucket;

        Rule(String name, int count, Function<SnapshotInfo, String> bucket) {
            this.name = name;
            this.remaining = count;
            this.bucket = bucket;
        }

        boolean offer(SnapshotInfo s) {
            if (remaining <= 0) {
                return false;
            }
            String b = bucket.apply(s);
            if (b.equals(lastBucket)) {
                return false;
            }
            lastBucket = b;
            remaining--;
            return true;
        }
    }
}
