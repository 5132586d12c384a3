package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.postgres.sql.ListSettings;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The database-level state that lives outside the database's own catalogs and so is not in a dump made without
 * {@code -C}: privileges on the database, {@code ALTER DATABASE ... SET} and {@code ALTER ROLE ... IN DATABASE
 * ... SET} settings and the connection limit. A restore over an existing database (pg_restore {@code --clean})
 * keeps them; {@link SafeReplace} creates a new database and so must carry them over. (The comment is carried
 * over too, but in the swap transaction: until then the scratch database's comment records its owner.)
 *
 * <p>They are applied to the scratch database after the restore, not before: a setting such as
 * {@code statement_timeout} or {@code default_transaction_read_only} on the database must not hit the restore.
 */
final class SafeReplaceSettings {

    /**
     * The database's grants, those by its owner first: another grantor needs its grant option in place
     * before it grants.
     */
    private static final String GRANTS = "SELECT pg_catalog.pg_get_userbyid(a.grantor), a.grantee = 0,"
            + " CASE WHEN a.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(a.grantee) END,"
            + " a.privilege_type, a.is_grantable"
            + " FROM pg_catalog.pg_database d, pg_catalog.aclexplode(d.datacl) a WHERE d.datname = ?"
            + " ORDER BY a.grantor <> d.datdba, 1, 3, 4";

    /** The settings of the database, and of roles in it (database-wide first). */
    private static final String SETTINGS = "SELECT"
            + " CASE WHEN s.setrole = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(s.setrole) END, s.setconfig"
            + " FROM pg_catalog.pg_db_role_setting s"
            + " JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase WHERE d.datname = ?"
            + " ORDER BY 1 NULLS FIRST";

    private SafeReplaceSettings() {
    }

    /** The statements that give {@code copy} the database-level state {@code original} has now. */
    static List<String> statements(Connection maintenance, String original, String copy, int versionNum)
            throws SQLException {
        List<String> sql = new ArrayList<>();
        String quotedCopy = Identifiers.quote(copy);
        String owner = null;
        try (PreparedStatement statement = maintenance.prepareStatement(
                "SELECT pg_catalog.pg_get_userbyid(datdba), datacl IS NULL, datconnlimit"
            + " FROM pg_catalog.pg_database WHERE datname = ?")) {
            statement.setString(1, original);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return sql;
                }
                owner = rows.getString(1);
                if (!rows.getBoolean(2)) {
                    // An explicit ACL: start from nothing, as pg_dump does, then grant exactly what it lists.
                    sql.add("REVOKE ALL ON DATABASE " + quotedCopy + " FROM PUBLIC");
                    sql.add("REVOKE ALL ON DATABASE " + quotedCopy + " FROM " + Identifiers.quote(owner));
                }
                if (rows.getInt(3) != -1) {
                    sql.add("ALTER DATABASE " + quotedCopy + " CONNECTION LIMIT = " + rows.getInt(3));
                }
            }
        }
        grants(maintenance, original, quotedCopy, owner, versionNum, sql);
        settings(maintenance, original, quotedCopy, sql);
        return sql;
    }

    private static void grants(Connection maintenance, String original, String quotedCopy, String owner,
                               int versionNum, List<String> sql) throws SQLException {
        SafeReplace.forEachRow(maintenance, GRANTS, original, rows -> {
            String grantor = rows.getString(1);
            String grantee = rows.getBoolean(2) ? "PUBLIC" : Identifiers.quote(rows.getString(3));
            StringBuilder grant = new StringBuilder("GRANT ").append(rows.getString(4))
                    .append(" ON DATABASE ").append(quotedCopy).append(" TO ").append(grantee);
            if (rows.getBoolean(5)) {
                grant.append(" WITH GRANT OPTION");
            }
            // GRANTED BY names another grantor from 14 on; before, grants are recorded as the owner's.
            if (!grantor.equals(owner) && versionNum >= 140000) {
                grant.append(" GRANTED BY ").append(Identifiers.quote(grantor));
            }
            sql.add(grant.toString());
        });
    }

    private static void settings(Connection maintenance, String original, String quotedCopy, List<String> sql)
            throws SQLException {
        SafeReplace.forEachRow(maintenance, SETTINGS, original, rows -> {
            String role = rows.getString(1);
            String prefix = role == null ? "ALTER DATABASE " + quotedCopy
                    : "ALTER ROLE " + Identifiers.quote(role) + " IN DATABASE " + quotedCopy;
            Array config = rows.getArray(2);
            for (Object item : (Object[]) config.getArray()) {
                String setting = (String) item;
                int equals = setting.indexOf('=');
                String name = setting.substring(0, equals);
                sql.add(prefix + " SET " + Identifiers.quote(name) + " TO "
                        + value(name, setting.substring(equals + 1)));
            }
        });
    }

    /** The value as pg_dump's makeAlterConfigCommand writes it: list settings item by item, others as one literal. */
    static String value(String name, String value) {
        if (!ListSettings.isList(name)) {
            return Identifiers.literal(value);
        }
        List<String> items = splitGucList(value);
        if (items.isEmpty()) {
            return "''";
        }
        List<String> literals = new ArrayList<>();
        for (String item : items) {
            literals.add(Identifiers.literal(item));
        }
        return String.join(", ", literals);
    }

    /**
     * PostgreSQL's SplitGUCList: the server's reading of a list, in which blanks after a last comma (or a value of
     * blanks only) are no item.
     */
    static List<String> splitGucList(String text) {
        List<String> items = ListSettings.split(text);
        if (!items.isEmpty() && items.getLast().isEmpty() && endsInBlanks(text)) {
            return items.subList(0, items.size() - 1);
        }
        return items;
    }

    /** Whether the text is blanks after a last comma, or blanks only. */
    private static boolean endsInBlanks(String text) {
        int last = text.length() - 1;
        while (last >= 0 && Character.isWhitespace(text.charAt(last))) {
            last--;
        }
        return last < text.length() - 1 && (last < 0 || text.charAt(last) == ',');
    }
}
