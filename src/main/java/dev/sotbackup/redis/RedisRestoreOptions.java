package dev.sotbackup.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a Redis component is restored: {@code dbMap} sends a backed-up database to another number (databases not
 * in it keep theirs); {@code existing} says what happens when a target database already holds keys.
 */
public record RedisRestoreOptions(Map<Integer, Integer> dbMap, Existing existing) {

    /** What to do with a target database that is not empty. */
    public enum Existing {
        /** Refuse before writing anything (the default). */
        REFUSE,
        /** FLUSHDB the target database first. */
        FLUSH,
        /** Keep the other keys; restored keys replace same-named ones. */
        MERGE
    }

    public RedisRestoreOptions {
        dbMap = Map.copyOf(dbMap);
    }

    public static RedisRestoreOptions defaults() {
        return new RedisRestoreOptions(Map.of(), Existing.REFUSE);
    }

    public int targetDb(int sourceDb) {
        return dbMap.getOrDefault(sourceDb, sourceDb);
    }

    /** Parses {@code "0:2"} or {@code "0:2,1:3"} (the form of {@code --redis-db-map}). */
    public static Map<Integer, Integer> parseDbMap(String text) {
        Map<Integer, Integer> map = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] parts = pair.strip().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("bad Redis database mapping '" + pair.strip()
                        + "' (want FROM:TO, e.g. 0:2)");
            }
            try {
                int from = Integer.parseInt(parts[0].strip());
                int to = Integer.parseInt(parts[1].strip());
                if (from < 0 || to < 0) {
                    throw new NumberFormatException();
                }
                if (map.put(from, to) != null) {
                    throw new IllegalArgumentException("Redis database " + from + " is mapped twice");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad Redis database mapping '" + pair.strip()
                        + "' (want FROM:TO, e.g. 0:2)");
            }
        }
        return map;
    }
}
