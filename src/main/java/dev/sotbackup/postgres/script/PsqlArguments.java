package dev.sotbackup.postgres.script;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.sql.QuotedText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Splits the arguments of a psql meta-command line the way psql does for the commands pg_dump emits. */
final class PsqlArguments {

    private PsqlArguments() {
    }

    /**
     * Words separated by whitespace; "double quotes" keep text literally (doubled quotes escape a quote),
     * 'single quotes' keep text with '' and backslash escapes (\n, \t, \\, \'), unquoted text is taken as is.
     */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '"') {
                i = QuotedText.unquote(text, i, word);
            } else if (c == '\'') {
                i++;
                while (i < n) {
                    char d = text.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < n && text.charAt(i + 1) == '\'') {
                            word.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n) {
                        char e = text.charAt(i + 1);
                        word.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            default -> e;
                        });
                        i += 2;
                        continue;
                    }
                    word.append(d);
                    i++;
                }
            } else {
                word.append(c);
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * The dbname of a libpq conninfo string ({@code dbname='my db' host=x}), or null if it has none. Values are
     * bare words or single-quoted with backslash escapes.
     */
    static String conninfoDbname(String conninfo) {
        Map<String, String> pairs = new HashMap<>();
        ConnInfo.forEachKeyValue(conninfo, pairs::put,
                key -> new IllegalArgumentException("missing \"=\" after \"" + key + "\" in connection string"),
                () -> new IllegalArgumentException("unterminated quoted value in connection string"));
        return pairs.get("dbname");
    }
}
