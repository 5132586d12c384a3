package dev.sotbackup.postgres.archive;

/**
 * pg_dump/pg_restore options that shape a plain SQL script.
 *
 * @param clean        -c: drop every object (reverse TOC order) before creating it
 * @param ifExists     --if-exists: with clean, drop with IF EXISTS so a script runs into an empty database too
 * @param create       -C: create the database and {@code \connect} to it (with clean: drop only the database)
 * @param noOwner      -O: no {@code ALTER ... OWNER TO}
 * @param noPrivileges -x: no ACL / DEFAULT ACL entries
 * @param restrictKey  psql {@code \restrict} key (pg_dump 13.22/14.19/15.14/16.10/17.6+ emit one so that a
 *                     malicious server cannot smuggle psql meta-commands into the script); null for none, which
 *                     keeps the script usable with older psql
 */
public record PlainScriptOptions(boolean clean, boolean ifExists, boolean create, boolean noOwner,
        boolean noPrivileges, String restrictKey) {

    public PlainScriptOptions {
        if (ifExists && !clean) {
            throw new IllegalArgumentException("option --if-exists requires option -c/--clean");
        }
        if (restrictKey != null && !restrictKey.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("restrict key must be alphanumeric");
        }
    }

    public static PlainScriptOptions defaults() {
        return new PlainScriptOptions(false, false, false, false, false, null);
    }

    public PlainScriptOptions withClean(boolean clean, boolean ifExists) {
        return new PlainScriptOptions(clean, ifExists, create, noOwner, noPrivileges, restrictKey);
    }

    public PlainScriptOptions withCreate(boolean create) {
        return new PlainScriptOptions(clean, ifExists, create, noOwner, noPrivileges, restrictKey);
    }

    public PlainScriptOptions withNoOwner(boolean noOwner) {
        return new PlainScriptOptions(clean, ifExists, create, noOwner, noPrivileges, restrictKey);
    }

    public PlainScriptOptions withNoPrivileges(boolean noPrivileges) {
        return new PlainScriptOptions(clean, ifExists, create, noOwner, noPrivileges, restrictKey);
    }

    public PlainScriptOptions withRestrictKey(String key) {
        return new PlainScriptOptions(clean, ifExists, create, noOwner, noPrivileges, key);
    }
}
