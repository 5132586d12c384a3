package dev.sotbackup.postgres.toc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The session state pg_restore establishes at the start of a script and on every connection it opens
 * (reference §9.5), derived from the archive's special entries ENCODING, STDSTRINGS and SEARCHPATH.
 *
 * @param encoding        client encoding of the archive's text, e.g. "UTF8" (UTF8 when the entry is missing)
 * @param standardStrings standard_conforming_strings of the archive's SQL
 * @param searchPath      the SEARCHPATH entry's statement without its trailing newline, or null when absent
 *                        (old archives: then every entry sets search_path to its own schema)
 */
public record SessionSettings(String encoding, boolean standardStrings, String searchPath) {

    public static SessionSettings of(Toc toc) {
        String encoding = special(toc, "ENCODING").map(SessionSettings::firstQuoted).orElse("UTF8");
        boolean standardStrings = special(toc, "STDSTRINGS").map(SessionSettings::firstQuoted)
                .map("on"::equals).orElse(true);
        String searchPath = special(toc, "SEARCHPATH").map(TocEntry::defn).map(SessionSettings::stripNewline)
                .orElse(null);
        return new SessionSettings(encoding, standardStrings, searchPath);
    }

    /**
     * The fixed statements in pg_restore's order, each without a trailing newline. {@code role} (--role) is
     * placed where pg_restore puts SET ROLE; null for none.
     */
    public List<String> statements(String role) {
        List<String> statements = new ArrayList<>();
        statements.add("SET statement_timeout = 0;");
        statements.add("SET lock_timeout = 0;");
        statements.add("SET idle_in_transaction_session_timeout = 0;");
        statements.add("SET client_encoding = '" + encoding + "';");
        statements.add("SET standard_conforming_strings = " + (standardStrings ? "on" : "off") + ";");
        if (role != null) {
            statements.add("SET ROLE " + dev.sotbackup.postgres.sql.Identifiers.quote(role) + ";");
        }
        if (searchPath != null) {
            statements.add(searchPath);
        }
        statements.add("SET check_function_bodies = false;");
        statements.add("SET xmloption = content;");
        statements.add("SET client_min_messages = warning;");
        if (!standardStrings) {
            statements.add("SET escape_string_warning = off;");
        }
        statements.add("SET row_security = off;");
        return statements;
    }

    private static Optional<TocEntry> special(Toc toc, String desc) {
        return toc.entries().stream().filter(e -> e.desc().equals(desc) && e.defn() != null).findFirst();
    }

    private static String firstQuoted(TocEntry entry) {
        String defn = entry.defn();
        int start = defn.indexOf('\'');
        int end = start < 0 ? -1 : defn.indexOf('\'', start + 1);
        return end < 0 ? "" : defn.substring(start + 1, end);
    }

    private static String stripNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
