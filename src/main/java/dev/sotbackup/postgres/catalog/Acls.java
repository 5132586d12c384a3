package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.postgres.sql.QuotedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an object's ACL into the GRANT/REVOKE statements that recreate it on top of the privileges a new
 * object gets by default (acldefault), the way pg_dump's buildACLCommands does. Works on the text form of
 * aclitem[] ({@code {grantee=privs/grantor,...}}), so every object kind shares it.
 */
public final class Acls {

    private Acls() {
    }

    /**
     * @param kind       GRANT object keyword: TABLE, SEQUENCE, SCHEMA, FUNCTION, PROCEDURE, TYPE, DOMAIN,
     *                   LARGE OBJECT, DATABASE, LANGUAGE, FOREIGN DATA WRAPPER, FOREIGN SERVER
     * @param target     the object as GRANT expects it after the keyword ({@code public.t}, {@code public.f(integer)})
     * @param column     null, or the quoted column name for column privileges
     * @param acl        the aclitem[] as text; null means the object has default privileges
     * @param defaultAcl acldefault(kind, owner) as text ({@code "{}"} for columns)
     * @param owner      the owner's role name (grants made by the owner need no SET SESSION AUTHORIZATION)
     * @return GRANT/REVOKE statements, or null when there is nothing to change
     */
    public static String statements(String kind, String target, String column, String acl, String defaultAcl,
                                    String owner) {
        if (acl == null) {
            return null;
        }
        Set<Item> actual = new LinkedHashSet<>(parse(acl));
        Set<Item> defaults = new LinkedHashSet<>(parse(defaultAcl == null ? "{}" : defaultAcl));
        if (actual.equals(defaults)) {
            return null;
        }
        String on = (column == null ? "" : "(" + column + ")") + " ON " + kind + " " + target;
        StringBuilder sql = new StringBuilder();
        // Revoke everything a default grantee holds but should not, then grant what the ACL holds.
        Set<String> revoked = new LinkedHashSet<>();
        for (Item d : defaults) {
            if (!actual.contains(d)) {
                revoked.add(d.grantee());
            }
        }
        for (String grantee : revoked) {
            sql.append("REVOKE ALL").append(column == null ? "" : "(" + column + ")")
                    .append(" ON ").append(kind).append(' ').append(target)
                    .append(" FROM ").append(granteeSql(grantee)).append(";\n");
        }
        Map<GrantKey, StringBuilder> grants = new LinkedHashMap<>();
        for (Item a : actual) {
            if (defaults.contains(a) && !revoked.contains(a.grantee())) {
                continue;
            }
            grants.computeIfAbsent(new GrantKey(a.grantee(), a.grantor(), a.grantable()), k -> new StringBuilder());
            StringBuilder privs = grants.get(new GrantKey(a.grantee(), a.grantor(), a.grantable()));
            if (!privs.isEmpty()) {
                privs.append(',');
            }
            privs.append(a.privilege()).append(column == null ? "" : "(" + column + ")");
        }
        for (Map.Entry<GrantKey, StringBuilder> g : grants.entrySet()) {
            GrantKey key = g.getKey();
            boolean foreignGrantor = !key.grantor().equals(owner) && !key.grantor().isEmpty();
            if (foreignGrantor) {
                sql.append("SET SESSION AUTHORIZATION ").append(Identifiers.quote(key.grantor())).append(";\n");
            }
            sql.append("GRANT ").append(g.getValue()).append(" ON ").append(kind).append(' ').append(target)
                    .append(" TO ").append(granteeSql(key.grantee()))
                    .append(key.grantable() ? " WITH GRANT OPTION" : "").append(";\n");
            if (foreignGrantor) {
                sql.append("RESET SESSION AUTHORIZATION;\n");
            }
        }
        return sql.isEmpty() ? null : sql.toString();
    }

    /** The ACL satellite for {@link #statements}' result, or null when there are none. */
    public static Satellite satellite(String tagKind, String tagName, String namespace, String owner, String sql) {
        return sql == null ? null : Satellite.acl(tagKind + " " + tagName, namespace, owner, sql);
    }

    private static String granteeSql(String grantee) {
        return grantee.isEmpty() ? "PUBLIC" : Identifiers.quote(grantee);
    }

    record Item(String grantee, String grantor, String privilege, boolean grantable) {
    }

    private record GrantKey(String grantee, String grantor, boolean grantable) {
    }

    /** Parses {@code {a=r/b,"x y"=arw*\/b,=U/b}} into one item per privilege. */
    static List<Item> parse(String text) {
        List<Item> items = new ArrayList<>();
        String body = text.trim();
        if (body.startsWith("{")) {
            body = body.substring(1, body.length() - 1);
        }
        int i = 0;
        while (i < body.length()) {
            // An element may itself be double-quoted when it contains special characters.
            StringBuilder element = new StringBuilder();
            if (body.charAt(i) == '"') {
                i++;
                while (i < body.length() && body.charAt(i) != '"') {
                    if (body.charAt(i) == '\\') {
                        i++;
                    }
                    element.append(body.charAt(i++));
                }
                i++;
            } else {
                while (i < body.length() && body.charAt(i) != ',') {
                    element.append(body.charAt(i++));
                }
            }
            i++; // the comma
            if (!element.isEmpty()) {
                parseItem(element.toString(), items);
            }
        }
        return items;
    }

    private static void parseItem(String item, List<Item> out) {
        int[] pos = {0};
        String grantee = readName(item, pos, '=');
        pos[0]++; // '='
        int slash = item.indexOf('/', pos[0]);
        String privs = item.substring(pos[0], slash);
        pos[0] = slash + 1;
        String grantor = readName(item, pos, '\0');
        for (int k = 0; k < privs.length(); k++) {
            char letter = privs.charAt(k);
            boolean grantable = k + 1 < privs.length() && privs.charAt(k + 1) == '*';
            if (letter == '*') {
                continue;
            }
            out.add(new Item(grantee, grantor, privilegeName(letter), grantable));
        }
    }

    private static String readName(String s, int[] pos, char stop) {
        StringBuilder name = new StringBuilder();
        int i = pos[0];
        if (i < s.length() && s.charAt(i) == '"') {
            i = QuotedText.unquote(s, i, name);
        } else {
            while (i < s.length() && s.charAt(i) != stop) {
                name.append(s.charAt(i++));
            }
        }
        pos[0] = i;
        return name.toString();
    }

    private static final CodeNames PRIVILEGES = CodeNames.of("rwadDxtmXUCTcsA", "SELECT", "UPDATE", "INSERT",
            "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN", "EXECUTE", "USAGE", "CREATE", "TEMPORARY",
            "CONNECT", "SET", "ALTER SYSTEM");

    private static String privilegeName(char letter) {
        return PRIVILEGES.name(letter)
                .orElseThrow(() -> new IllegalArgumentException("unknown privilege letter '" + letter + "'"));
    }
}
