package dev.sotbackup.postgres.toc;

/**
 * pg_restore's three passes over the TOC (reference §10.2): everything else first, then privileges, then the
 * items that must see final privileges (event triggers, materialized view refreshes). Shared by the plain-script
 * writer and the restore engine so that both order entries exactly like pg_restore.
 */
public enum RestorePass {
    MAIN, ACL, POST_ACL;

    public static RestorePass of(TocEntry entry) {
        if (isAcl(entry)) {
            return ACL;
        }
        String desc = entry.desc();
        if (desc.equals("EVENT TRIGGER") || desc.equals("MATERIALIZED VIEW DATA")
                || (desc.equals("COMMENT") && entry.tag().startsWith("EVENT TRIGGER "))) {
            return POST_ACL;
        }
        return MAIN;
    }

    /** The entries {@code -x/--no-privileges} leaves out. */
    public static boolean isAcl(TocEntry entry) {
        String desc = entry.desc();
        return desc.equals("ACL") || desc.equals("DEFAULT ACL") || desc.equals("ACL LANGUAGE");
    }
}
