package dev.sotbackup.redis;

import java.util.List;

/**
 * What a Redis backup takes: {@code databases} (empty = every non-empty one, from {@code INFO keyspace}), and
 * keys matching any {@code include} glob (empty = all) and no {@code exclude} glob.
 */
public record RedisSelection(List<Integer> databases, List<String> include, List<String> exclude) {

    public RedisSelection {
        databases = List.copyOf(databases);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public static RedisSelection all() {
        return new RedisSelection(List.of(), List.of(), List.of());
    }

    KeyFilter filter() {
        return new KeyFilter(include.stream().map(KeyPattern::new).toList(),
                exclude.stream().map(KeyPattern::new).toList());
    }

    record KeyFilter(List<KeyPattern> include, List<KeyPattern> exclude) {
        boolean accepts(byte[] key) {
            if (!include.isEmpty() && include.stream().noneMatch(p -> p.matches(key))) {
                return false;
            }
            return exclude.stream().noneMatch(p -> p.matches(key));
        }
    }
}
