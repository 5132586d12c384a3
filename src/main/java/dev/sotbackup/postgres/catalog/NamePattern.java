package dev.sotbackup.postgres.catalog;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A psql/pg_dump object name pattern: unquoted letters fold to lower case, {@code "..."} quotes
 * (case kept, wildcards literal), {@code *} and {@code ?} are wildcards, and an unquoted dot separates
 * the schema part from the name part.
 */
public record NamePattern(String text, Pattern schema, Pattern name) {

    public static NamePattern parse(String text) {
        StringBuilder current = new StringBuilder();
        String schemaRegex = null;
        boolean inQuotes = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (inQuotes && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    current.append(Pattern.quote("\""));
                    i++;
                } else {
                    inQuotes = !inQuotes;
                }
            } else if (inQuotes) {
                current.append(Pattern.quote(String.valueOf(c)));
            } else if (c == '.') {
                schemaRegex = current.toString();
                current.setLength(0);
            } else if (c == '*') {
                current.append(".*");
            } else if (c == '?') {
                current.append('.');
            } else {
                current.append(Pattern.quote(String.valueOf(c).toLowerCase(Locale.ROOT)));
            }
        }
        Pattern schema = schemaRegex == null ? null : Pattern.compile(schemaRegex, Pattern.DOTALL);
        return new NamePattern(text, schema, Pattern.compile(current.toString(), Pattern.DOTALL));
    }

    /** For schema patterns (-n/-N): the whole pattern names a schema. */
    public boolean matchesSchema(String schemaName) {
        return name.matcher(schemaName).matches();
    }

    /** For table patterns (-t/-T): the name part must match, and the schema part if one was given. */
    public boolean matchesTable(String schemaName, String tableName) {
        return (schema == null || schema.matcher(schemaName).matches()) && name.matcher(tableName).matches();
    }
}
