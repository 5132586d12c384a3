package dev.sotbackup.deployment;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an application database shows about itself before anything is copied: its version and which of the
 * profile's tables it actually has (NetBox moved its changelog between releases, so it is looked up).
 *
 * @param changelogTable the changelog table this database has, if any
 * @param rebuildable    the profile's rebuildable tables this database has
 * @param sizeBytes      its tables' size on disk: an estimate of how much a dump reads, for progress
 */
public record DatabaseFacts(AppVersion version, Optional<String> changelogTable, List<String> rebuildable,
                            long sizeBytes) {

    /** Reads the facts of the application database {@code database} as {@code profile} describes it. */
    public static DatabaseFacts read(ConnInfo database, Profile profile) throws SQLException {
        try (Connection connection = Connector.open(database)) {
            return read(connection, profile);
        }
    }

    public static DatabaseFacts read(Connection connection, Profile profile) throws SQLException {
        AppVersion version = AppVersion.detect(connection, profile.application());
        Optional<String> changelog = Optional.empty();
        for (String candidate : profile.changelogCandidates()) {
            if (tableExists(connection, candidate)) {
                changelog = Optional.of(candidate);
                break;
            }
        }
        List<String> rebuildable = new ArrayList<>();
        for (String table : profile.rebuildableTables()) {
            if (tableExists(connection, table)) {
                rebuildable.add(table);
            }
        }
        long size;
        try (var statement = connection.createStatement();
             // Table data only (heap + TOAST): indexes are rebuilt, not dumped, and would make an ETA a lie.
             ResultSet rows = statement.executeQuery("SELECT coalesce(sum(pg_table_size(c.oid)), 0) "
                     + "FROM pg_class c WHERE c.relkind IN ('r', 'm') "
                     + "AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)")) {
            rows.next();
            size = rows.getLong(1);
        }
        return new DatabaseFacts(version, changelog, rebuildable, size);
    }

    /** Whether {@code public.<table>} exists (the applications keep everything in public). */
    static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT to_regclass(quote_ident('public') || '.' || quote_ident(?)) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }
}
