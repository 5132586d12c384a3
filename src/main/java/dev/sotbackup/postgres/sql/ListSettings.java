package dev.sotbackup.postgres.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Settings whose value is a list of names ({@code search_path = "$user", public}): pg_dump writes them item by
 * item, each quoted as a literal of its own, where other settings are one literal.
 */
public final class ListSettings {

    /** pg_dump's variable_is_guc_list_quote. */
    private static final Set<String> NAMES = Set.of("local_preload_libraries", "search_path",
            "session_preload_libraries", "shared_preload_libraries", "temp_tablespaces", "unix_socket_directories");

    private ListSettings() {
    }

    /** Whether the setting {@code name} (in any case) holds a list of names. */
    public static boolean isList(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Splits a list as the server stored it ({@code "$user", public}): items separated by commas, blanks around
     * an unquoted item dropped, a double-quoted item unquoted ({@code ""} as one quote) and kept as it is. Blanks
     * after a last comma make an empty last item; "" is no item at all.
     */
    public static List<String> split(String value) {
        List<String> items = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            StringBuilder item = new StringBuilder();
            if (i < n && value.charAt(i) == '"') {
                i = QuotedText.unquote(value, i, item);
                while (i < n && value.charAt(i) != ',') {
                    i++;
                }
                items.add(item.toString());
            } else {
                while (i < n && value.charAt(i) != ',') {
                    item.append(value.charAt(i++));
                }
                items.add(item.toString().strip());
            }
            i++; // the comma
        }
        return items;
    }
}
