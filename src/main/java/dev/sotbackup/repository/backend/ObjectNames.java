package dev.sotbackup.repository.backend;

import java.util.regex.Pattern;

/**
 * Guards the names a backend accepts: relative, '/'-separated, no empty or dot segments. Names come from the
 * repository code, never from users, so a bad one is a programming error, not a storage failure.
 */
final class ObjectNames {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private ObjectNames() {
    }

    static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty object name");
        }
        for (String segment : name.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("invalid object name \"" + name + "\"");
            }
        }
        return name;
    }

    /** A list prefix: empty, or a name prefix such as {@code "data/"} or {@code "data/a"}. */
    static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("null prefix");
        }
        if (!prefix.isEmpty()) {
            check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        return prefix;
    }

    static void checkRange(String name, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("invalid range " + offset + "+" + length + " of " + name);
        }
    }
}
