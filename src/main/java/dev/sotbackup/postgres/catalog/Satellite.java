package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.toc.Section;

/**
 * An entry that pg_dump places right after its parent and that depends only on it: COMMENT, ACL,
 * SECURITY LABEL. Tags follow pg_dump: {@code "TABLE foo"}, {@code "COLUMN foo.bar"} (quoted names inside).
 */
public record Satellite(String desc, String tag, String namespace, String owner, String defn) {

    public Section section() {
        return Section.NONE;
    }

    public static Satellite comment(String tag, String namespace, String owner, String defn) {
        return new Satellite("COMMENT", tag, namespace, owner, defn);
    }

    public static Satellite acl(String tag, String namespace, String owner, String defn) {
        return new Satellite("ACL", tag, namespace, owner, defn);
    }
}
