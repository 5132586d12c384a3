package dev.sotbackup.postgres.toc;

import dev.sotbackup.postgres.sql.Identifiers;

import java.util.Optional;
import java.util.Set;

/**
 * SQL that pg_restore derives from a TOC entry rather than reading it from the archive (reference §9.4):
 * the {@code ALTER ... OWNER TO} statement and the {@code --if-exists} form of the drop statement. Shared by
 * the plain-script writer and the restore engine so that both behave exactly like pg_restore.
 */
public final class EntrySql {

    /** Descs whose object description is "{@code <desc> [<schema>.]<name>}". */
    private static final Set<String> PLAIN_DESCRIPTION = Set.of(
            "COLLATION", "CONVERSION", "DOMAIN", "FOREIGN TABLE", "MATERIALIZED VIEW", "SEQUENCE", "STATISTICS",
            "TABLE", "TEXT SEARCH DICTIONARY", "TEXT SEARCH CONFIGURATION", "TYPE", "VIEW",
            "DATABASE", "PROCEDURAL LANGUAGE", "SCHEMA", "EVENT TRIGGER", "FOREIGN DATA WRAPPER", "SERVER",
            "PUBLICATION", "SUBSCRIPTION");

    /** Descs whose description needs argument lists: exactly what follows "DROP " in their dropStmt. */
    private static final Set<String> DESCRIPTION_FROM_DROP = Set.of(
            "AGGREGATE", "FUNCTION", "OPERATOR", "OPERATOR CLASS", "OPERATOR FAMILY", "PROCEDURE");

    /** Descs that have no owner of their own (they belong to a table or to nobody). */
    private static final Set<String> NOT_OWNED = Set.of(
            "CAST", "CHECK CONSTRAINT", "CONSTRAINT", "DATABASE PROPERTIES", "DEFAULT", "FK CONSTRAINT", "INDEX",
            "RULE", "TRIGGER", "ROW SECURITY", "POLICY", "USER MAPPING");

    private EntrySql() {
    }

    /**
     * The ownership statement pg_restore issues after creating the entry, e.g.
     * {@code ALTER TABLE public.t OWNER TO app;} (no trailing newline), or empty when the entry gets none:
     * no owner, no dropStmt (pg_restore's test for "separately ownable"), or a desc that has no owner.
     *
     * @throws IllegalArgumentException for an ownable-looking entry whose desc pg_restore does not know
     *                                  (pg_restore 17+ refuses such archives)
     */
    public static Optional<String> alterOwner(TocEntry entry) {
        if (isEmpty(entry.owner()) || isEmpty(entry.dropStmt())) {
            return Optional.empty();
        }
        return objectDescription(entry)
                .map(description -> "ALTER " + description + " OWNER TO " + Identifiers.quote(entry.owner()) + ";");
    }

    /** pg_restore's _getObjectDescription: how ALTER ... OWNER names the entry's object. */
    public static Optional<String> objectDescription(TocEntry entry) {
        String desc = entry.desc();
        if (PLAIN_DESCRIPTION.contains(desc)) {
            String schema = isEmpty(entry.namespace()) ? "" : Identifiers.quote(entry.namespace()) + ".";
            return Optional.of(desc + " " + schema + Identifiers.quote(entry.tag()));
        }
        if (desc.equals("BLOB")) {
            return Optional.of("LARGE OBJECT " + entry.tag()); // numeric: never quoted
        }
        if (DESCRIPTION_FROM_DROP.contains(desc)) {
            String drop = entry.dropStmt();
            if (drop == null || !drop.startsWith("DROP ")) {
                throw new IllegalArgumentException("cannot derive the object of " + desc + " " + entry.tag()
                        + " from its drop statement: " + drop);
            }
            int end = drop.length();
            while (end > 5 && (drop.charAt(end - 1) == '\n' || drop.charAt(end - 1) == ';')) {
                end--;
            }
            return Optional.of(drop.substring(5, end));
        }
        if (NOT_OWNED.contains(desc)) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("don't know how to set owner for object type \"" + desc + "\"");
    }

    /**
     * The dropStmt as pg_restore {@code --clean --if-exists} prints it: {@code IF EXISTS} after
     * {@code ALTER TABLE} and after the first {@code DROP <desc>} (or {@code DROP CONSTRAINT}); large objects
     * get a catalog-guarded lo_unlink; DEFAULT, DATABASE PROPERTIES, {@code CREATE OR REPLACE VIEW} drops and
     * comment-only drops stay as they are. Returns null when the entry has no dropStmt. Like pg_restore, a
     * statement without the expected pattern is returned unchanged.
     */
    public static String dropIfExists(TocEntry entry) {
        String drop = entry.dropStmt();
        if (isEmpty(drop)) {
            return drop;
        }
        if (drop.startsWith("--")) {
            return drop;
        }
        if (entry.desc().startsWith("BLOB")) {
            return largeObjectDropIfExists(entry.oid());
        }
        StringBuilder result = new StringBuilder();
        String rest = drop;
        if (rest.startsWith("ALTER TABLE")) {
            result.append("ALTER TABLE IF EXISTS");
            rest = rest.substring("ALTER TABLE".length());
        }
        String desc = entry.desc();
        if (desc.equals("DEFAULT") || desc.equals("DATABASE PROPERTIES")
                || rest.startsWith("CREATE OR REPLACE VIEW")) {
            return result.append(rest).toString();
        }
        String pattern = switch (desc) {
            case "CONSTRAINT", "CHECK CONSTRAINT", "FK CONSTRAINT" -> "DROP CONSTRAINT";
            default -> "DROP " + desc;
        };
        int mark = rest.indexOf(pattern);
        if (mark < 0) {
            return result.append(rest).toString();
        }
        return result.append(rest, 0, mark + pattern.length())
                .append(" IF EXISTS")
                .append(rest, mark + pattern.length(), rest.length())
                .toString();
    }

    /** pg_restore's DropLOIfExists: unlinks the large object only when it exists. */
    public static String largeObjectDropIfExists(String oid) {
        return "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '"
                + oid + "';\n";
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
