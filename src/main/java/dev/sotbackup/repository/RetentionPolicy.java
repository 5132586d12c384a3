package dev.sotbackup.repository;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * restic's forget policy: walking snapshots from newest to oldest, each {@code keep-*} rule keeps a snapshot
 * when it is the newest one of a time bucket (hour, day, ISO week, month, year, in {@code zone}) the rule has
 * not yet seen, until the rule has kept its count; {@code keepLast} keeps the newest N outright. A snapshot
 * is kept if any rule keeps it. A policy with no rule keeps everything (forgetting all by accident is worse
 * than forgetting nothing). With {@code groupByHostAndComponents}, each group of snapshots with the same
 * hostname and component labels gets the policy on its own.
 */
public record RetentionPolicy(int keepLast, int keepHourly, int keepDaily, int keepWeekly, int keepMonthly,
                              int keepYearly, boolean groupByHostAndComponents, ZoneId zone) {

    public RetentionPolicy {
        for (int n : new int[] {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly}) {
            if (n < 0) {
                throw new IllegalArgumentException("keep counts must not be negative");
            }
        }
        Objects.requireNonNull(zone, "zone");
    }

    public static RetentionPolicy none() {
        return new RetentionPolicy(0, 0, 0, 0, 0, 0, true, ZoneId.systemDefault());
    }

    public RetentionPolicy withKeepLast(int n) {
        return new RetentionPolicy(n, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly,
                groupByHostAndComponents, zone);
    }

    public RetentionPolicy withKeepHourly(int n) {
        return new RetentionPolicy(keepLast, n, keepDaily, keepWeekly, keepMonthly, keepYearly,
                groupByHostAndComponents, zone);
    }

    public RetentionPolicy withKeepDaily(int n) {
        return new RetentionPolicy(keepLast, keepHourly, n, keepWeekly, keepMonthly, keepYearly,
                groupByHostAndComponents, zone);
    }

    public RetentionPolicy withKeepWeekly(int n) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, n, keepMonthly, keepYearly,
                groupByHostAndComponents, zone);
    }

    public RetentionPolicy withKeepMonthly(int n) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, n, keepYearly,
                groupByHostAndComponents, zone);
    }

    public RetentionPolicy withKeepYearly(int n) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, n,
                groupByHostAndComponents, zone);
    }

    public RetentionPolicy withGrouping(boolean group) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly, group,
                zone);
    }

    public RetentionPolicy withZone(ZoneId newZone) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly,
                groupByHostAndComponents, newZone);
    }

    public boolean isEmpty() {
        return keepLast + keepHourly + keepDaily + keepWeekly + keepMonthly + keepYearly == 0;
    }

    /** Decides; nothing is deleted here. Both lists are oldest first. */
    public ForgetResult apply(List<SnapshotInfo> snapshots, boolean dryRun) {
        if (isEmpty()) {
            return new ForgetResult(sorted(snapshots), List.of(), dryRun);
        }
        Map<String, List<SnapshotInfo>> groups = new LinkedHashMap<>();
        for (SnapshotInfo s : snapshots) {
            groups.computeIfAbsent(groupKey(s), k -> new ArrayList<>()).add(s);
        }
        Set<SnapshotId> kept = new HashSet<>();
        for (List<SnapshotInfo> group : groups.values()) {
            kept.addAll(keepInGroup(group));
        }
        List<SnapshotInfo> keep = new ArrayList<>();
        List<SnapshotInfo> remove = new ArrayList<>();
        for (SnapshotInfo s : sorted(snapshots)) {
            (kept.contains(s.id()) ? keep : remove).add(s);
        }
        return new ForgetResult(keep, remove, dryRun);
    }

    private String groupKey(SnapshotInfo s) {
        if (!groupByHostAndComponents) {
            return "";
        }
        return s.hostname() + "\u0000" + String.join("\u0000", new TreeSet<>(s.components()));
    }

    private Set<SnapshotId> keepInGroup(List<SnapshotInfo> group) {
        List<Rule> rules = List.of(
                new Rule(keepLast, s -> s.id().toString()), // every snapshot is its own bucket
                new Rule(keepHourly, s -> local(s).withMinute(0).withSecond(0).withNano(0).toLocalDateTime().toString()),
                new Rule(keepDaily, s -> local(s).toLocalDate().toString()),
                new Rule(keepWeekly, s -> local(s).get(IsoFields.WEEK_BASED_YEAR) + "-W"
                        + local(s).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                new Rule(keepMonthly, s -> local(s).getYear() + "-" + local(s).getMonthValue()),
                new Rule(keepYearly, s -> Integer.toString(local(s).getYear())));
        List<SnapshotInfo> newestFirst = new ArrayList<>(group);
        newestFirst.sort(Comparator.comparing(SnapshotInfo::time).thenComparing(s -> s.id().toString()).reversed());
        Set<SnapshotId> kept = new HashSet<>();
        for (SnapshotInfo s : newestFirst) {
            for (Rule rule : rules) {
                if (rule.offer(s)) {
                    kept.add(s.id());
                }
            }
        }
        return kept;
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
        private int remaining;
        private final Function<SnapshotInfo, String> bucket;
        private String lastBucket;

        Rule(int count, Function<SnapshotInfo, String> bucket) {
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
