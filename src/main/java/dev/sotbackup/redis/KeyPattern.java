package dev.sotbackup.redis;

import java.nio.charset.StandardCharsets;

/**
 * A Redis glob (the syntax of {@code SCAN MATCH} and {@code KEYS}: {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]}, {@code \} escapes), matched against raw key bytes, so include and exclude patterns behave
 * exactly as they would in redis-cli.
 */
public record KeyPattern(String glob) {

    public boolean matches(byte[] key) {
        byte[] pattern = glob.getBytes(StandardCharsets.UTF_8);
        return match(pattern, 0, key, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si) {
        while (pi < p.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int start = si; start <= s.length; start++) {
                        if (match(p, pi + 1, s, start)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                    pi++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean found = false;
                    while (pi < p.length && p[pi] != ']') {
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            found |= p[pi] == s[si];
                            pi++;
                        } else if (pi + 2 < p.length && p[pi + 1] == '-' && p[pi + 2] != ']') {
                            int lo = p[pi] & 0xff;
                            int hi = p[pi + 2] & 0xff;
                            if (lo > hi) {
                                int t = lo;
                                lo = hi;
                                hi = t;
                            }
                            int b = s[si] & 0xff;
                            found |= b >= lo && b <= hi;
                            pi += 3;
                        } else {
                            found |= p[pi] == s[si];
                            pi++;
                        }
                    }
                    if (pi < p.length) {
                        pi++; // the closing ']'
                    }
                    if (found == not) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (si >= s.length || p[pi] != s[si]) {
                        return false;
                    }
                    pi++;
                    si++;
                }
                default -> {
                    if (si >= s.length || c != s[si]) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length;
    }
}
