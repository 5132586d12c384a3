package dev.sotbackup.repository;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * restic's forget policy: walking snapshots from newest to oldest, each {@code keep-*} rule keeps a snapshot
 * when it is the newest one of a time bucket (hour, day, ISO week, month, year, in {@code zone}) the rule has
 * not yet seen, until the rule has kept its count; {@code keepLast} keeps the newest N outright. A snapshot
 * is kept if any rule keeps it. A policy with no rule keeps everything (forgetting all by accident is worse
 * than forgetting nothing). Each group of snapshots ({@link GroupBy}) gets the policy on its own.
 */
public record RetentionPolicy(Map<Period, Integer> keep, GroupBy groupBy, ZoneId zone) {

    /** The time bucket of a {@code keep-*} rule, in the order the rules are offered each snapshot. */
    public enum Period {
        /** Every snapshot is its own bucket: the newest N outright. */
        LAST,
        HOURLY,
        DAILY,
        WEEKLY,
        MONTHLY,
        YEARLY;

        /** The rule's name in forget's reasons and options ({@code --keep-daily} → "daily"). */
        public String ruleName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        String bucket(SnapshotInfo s, ZonedDateTime t) {
            return switch (this) {
                case LAST -> s.id().toString();
                case HOURLY -> t.withMinute(0).withSecond(0).withNano(0).toLocalDateTime().toString();
                case DAILY -> t.toLocalDate().toString();
                case WEEKLY -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case MONTHLY -> t.getYear() + "-" + t.getMonthValue();
                case YEARLY -> Integer.toString(t.getYear());
            };
        }
    }

    public RetentionPolicy {
        EnumMap<Period, Integer> counts = new EnumMap<>(Period.class);
        for (Period period : Period.values()) {
            int n = keep.getOrDefault(period, 0);
            if (n < 0) {
                throw new IllegalArgumentException("keep counts must not be negative");
            }
            counts.put(period, n);
        }
        keep = Collections.unmodifiableMap(counts);
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(zone, "zone");
    }

    public static RetentionPolicy none() {
        return new RetentionPolicy(Map.of(), GroupBy.DEFAULT, ZoneId.systemDefault());
    }

    /** How many buckets of {@code period} the policy keeps. */
    public int keep(Period period) {
        return keep.get(period);
    }

    public RetentionPolicy withKeep(Period period, int n) {
        Map<Period, Integer> counts = new EnumMap<>(keep);
        counts.put(period, n);
        return new RetentionPolicy(counts, groupBy, zone);
    }

    public RetentionPolicy withGroupBy(GroupBy newGroupBy) {
        return new RetentionPolicy(keep, newGroupBy, zone);
    }

    public RetentionPolicy withZone(ZoneId newZone) {
        return new RetentionPolicy(keep, groupBy, newZone);
    }

    public boolean isEmpty() {
        return keep.values().stream().allMatch(n -> n == 0);
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
        List<Rule> rules = new ArrayList<>();
        keep.forEach((period, count) -> rules.add(new Rule(period, count)));
        Map<SnapshotId, List<String>> reasons = new HashMap<>();
        for (SnapshotInfo s : oldestFirst.reversed()) {
            for (Rule rule : rules) {
                if (rule.offer(s, local(s))) {
                    reasons.computeIfAbsent(s.id(), id -> new ArrayList<>()).add(rule.period.ruleName());
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
        private final Period period;
        private int remaining;
        private String lastBucket;

        Rule(Period period, int count) {
            this.period = period;
            this.remaining = count;
        }

        boolean offer(SnapshotInfo s, ZonedDateTime local) {
            if (remaining <= 0) {
                return false;
            }
            String b = period.bucket(s, local);
            if (b.equals(lastBucket)) {
                return false;
            }
            lastBucket = b;
            remaining--;
            return true;
        }
    }
}
