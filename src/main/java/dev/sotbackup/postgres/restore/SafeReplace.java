package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionFailure;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.sql.Identifiers;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Replaces a database without ever putting it at risk: the restore goes into a fresh scratch database
 * {@code <name>_sotrestore_<yyyyMMddHHmmss>}, and only after it succeeded do the names change, in one
 * transaction ({@code ALTER DATABASE name RENAME TO <name>_before_<ts>; ALTER DATABASE scratch RENAME TO name}).
 * Until that transaction commits the original is not modified at all, so a failure or a kill at any moment
 * leaves it exactly as it was; a scratch database left by a kill is reported by {@link #leftovers} and at the
 * start of the next replace.
 *
 * <p>Sessions on the original are terminated inside the swap transaction, right before the first RENAME. The
 * RENAME holds an exclusive lock on the database until commit, which makes new connection attempts wait; once
 * the swap commits they fail with "database was renamed" and the application's reconnect finds the new
 * database. We deliberately do not commit {@code ALLOW_CONNECTIONS false} on the original beforehand: a kill
 * between that commit and the swap would leave the original refusing every connection, i.e. not as it was.
 * A session that slips in between the termination and the lock makes the RENAME fail with "being accessed by
 * other users"; the swap is then retried a few times.
 *
 * <p>The scratch database is created from template0 with the original's encoding, collation, character
 * classification, locale provider, tablespace and owner; after the restore it also gets the original's
 * database-level privileges, settings, comment and connection limit ({@link SafeReplaceSettings}), which a dump
 * made without {@code -C} does not carry and a restore over the existing database would have kept.
 *
 * <p>Every SQL statement here runs on a maintenance connection ({@code postgres}, else {@code template1}),
 * opened afresh for each phase so that an idle timeout during a long restore cannot break the swap.
 */
public final class SafeReplace {

    static final String SCRATCH_MARK = "_sotrestore_";
    static final String KEPT_MARK = "_before_";
    /** PostgreSQL's NAMEDATALEN - 1: longer names are silently truncated by the server. */
    static final int MAX_NAME_BYTES = 63;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final int STAMP_LENGTH = 14;
    private static final int SWAP_ATTEMPTS = 5;
    private static final long SWAP_RETRY_PAUSE_MILLIS = 500;
    private static final String OBJECT_IN_USE = "55006";

    private SafeReplace() {
    }

    /**
     * Restores into a scratch database with {@code restore}, then puts it in place of {@code target}'s database.
     *
     * @param target   the database to replace (or create, when it does not exist)
     * @param progress receives one-line human-readable messages: leftovers of interrupted runs with the
     *                 {@code DROP DATABASE} that removes each, then the phases; the message announcing the swap
     *                 starts with "swapping", the last one starts with "database" and says "replaced"
     * @return the database's name and where its previous contents are kept
     * @throws ReplaceFailure     the restore, the swap or the preparation failed; the original is untouched and
     *                            the message says what remains to clean up, if anything
     * @throws ConnectionFailure  no maintenance database could be reached (nothing was done)
     */
    public static ReplaceResult replace(ConnInfo target, ReplaceOptions options, RestoreStep restore,
                                        Consumer<String> progress) {
        String name = target.dbname();
        String stamp = LocalDateTime.now(options.clock()).format(STAMP);
        String scratch = scratchName(name, stamp);
        String kept = keptName(name, stamp);

        Optional<DatabaseProperties> original = Optional.empty();
        long scratchOid;
        int versionNum;
        boolean createAttempted = false;
        try (Connection maintenance = openMaintenance(target)) {
            for (String leftover : leftovers(maintenance, name)) {
                progress.accept("scratch database " + Identifiers.quote(leftover)
                        + " remains from an interrupted replace of " + Identifiers.quote(name)
                        + "; when no longer needed: " + dropStatement(leftover));
            }
            versionNum = serverVersionNum(maintenance);
            original = DatabaseProperties.read(maintenance, name, versionNum);
            refuseExisting(maintenance, scratch);
            if (original.isPresent()) {
                refuseExisting(maintenance, kept);
            }
            progress.accept("creating scratch database " + Identifiers.quote(scratch)
                    + (original.isPresent() ? " like " + Identifiers.quote(name) : ""));
            createAttempted = true;
            execute(maintenance, createStatement(scratch, original));
            scratchOid = oidOf(maintenance, scratch)
                    .orElseThrow(() -> new SQLException("scratch database vanished right after CREATE DATABASE"));
        } catch (SQLException e) {
            if (createAttempted) {
                // CREATE DATABASE may have committed even though we saw an error (connection lost after it).
                throw abandon(target, scratch, name, original.isPresent(), "could not create the scratch database",
                        e);
            }
            // Nothing was created; a database that already bears the scratch name is not ours to drop.
            throw new ReplaceFailure("could not prepare the replace; database " + Identifiers.quote(name)
                    + " is untouched (nothing to clean up): " + oneLine(e), e);
        }

        progress.accept("restoring into scratch database " + Identifiers.quote(scratch));
        try {
            restore.restoreInto(target.withDatabase(scratch));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw abandon(target, scratch, name, original.isPresent(), "restore failed", e);
        }

        if (original.isPresent()) {
            // Privileges on the database, its settings and comment are not in a dump made without -C; a restore
            // over the database would have kept them, so the new one gets them now (and not before the restore,
            // which a statement_timeout or default_transaction_read_only on the database would break).
            try (Connection maintenance = openMaintenance(target)) {
                for (String sql : SafeReplaceSettings.statements(maintenance, name, scratch, versionNum)) {
                    execute(maintenance, sql);
                }
            } catch (SQLException | ConnectionFailure e) {
                throw abandon(target, scratch, name, true, "could not copy the privileges and settings of "
                        + Identifiers.quote(name), e);
            }
        }

        progress.accept("swapping " + Identifiers.quote(scratch) + " in as " + Identifiers.quote(name)
                + (original.isPresent() ? ", previous kept as " + Identifiers.quote(kept) : ""));
        try {
            swap(target, name, scratch, original.isPresent() ? kept : null, progress);
        } catch (SQLException | ConnectionFailure e) {
            // The connection may have broken while COMMIT was in flight: ask the server what happened.
            Optional<Boolean> committed = swapCommitted(target, name, scratchOid);
            if (committed.isEmpty()) {
                throw new ReplaceFailure("lost the connection during the swap and cannot tell whether it committed ("
                        + oneLine(e) + "): if database " + Identifiers.quote(scratch) + " still exists, database "
                        + Identifiers.quote(name) + " is untouched and " + dropStatement(scratch)
                        + " cleans up; otherwise the swap happened and the previous database is "
                        + (original.isPresent() ? Identifiers.quote(kept) : "absent"), e);
            }
            if (!committed.get()) {
                throw abandon(target, scratch, name, original.isPresent(),
                        "could not swap the restored database in", e);
            }
        }

        String previous = original.isPresent() ? kept : null;
        if (previous != null && options.dropPrevious()) {
            try (Connection maintenance = openMaintenance(target)) {
                dropDatabase(maintenance, previous, serverVersionNum(maintenance));
                progress.accept("dropped previous database (was " + Identifiers.quote(previous) + ")");
                previous = null;
            } catch (SQLException | ConnectionFailure e) {
                progress.accept("database " + Identifiers.quote(name) + " replaced, but the previous one could not"
                        + " be dropped (" + oneLine(e) + "); drop it with: " + dropStatement(previous));
            }
        }
        progress.accept("database " + Identifiers.quote(name) + " replaced"
                + (previous != null ? "; previous kept as " + Identifiers.quote(previous) : ""));
        return new ReplaceResult(name, previous);
    }

    /**
     * Scratch databases of earlier replaces of {@code target}'s database that were interrupted (killed) before
     * they could clean up, oldest first. They are never dropped automatically: an operator may be inspecting one,
     * and a replace of the same database may be running right now.
     */
    public static List<String> leftovers(ConnInfo target) {
        try (Connection maintenance = openMaintenance(target)) {
            return leftovers(maintenance, target.dbname());
        } catch (SQLException e) {
            throw new ConnectionFailure("cannot list databases: " + oneLine(e), e.getSQLState(), e);
        }
    }

    /** {@code DROP DATABASE <name>;} with the name quoted as needed. */
    public static String dropStatement(String database) {
        return "DROP DATABASE " + Identifiers.quote(database) + ";";
    }

    // ---- names ---------------------------------------------------------------------------------------------

    static String scratchName(String name, String stamp) {
        return withSuffix(name, SCRATCH_MARK + stamp);
    }

    static String keptName(String name, String stamp) {
        return withSuffix(name, KEPT_MARK + stamp);
    }

    /** {@code name + suffix}, the name shortened (never mid-character) so that the whole fits in 63 bytes. */
    static String withSuffix(String name, String suffix) {
        int budget = MAX_NAME_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder base = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            int bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (used + bytes > budget) {
                break;
            }
            base.appendCodePoint(codePoint);
            used += bytes;
            i += Character.charCount(codePoint);
        }
        return base + suffix;
    }

    private static List<String> leftovers(Connection maintenance, String name) throws SQLException {
        String base = scratchName(name, "0".repeat(STAMP_LENGTH));
        base = base.substring(0, base.length() - STAMP_LENGTH);
        Pattern scratch = Pattern.compile(Pattern.quote(base) + "\\d{" + STAMP_LENGTH + "}");
        List<String> found = new ArrayList<>();
        try (Statement statement = maintenance.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname FROM pg_catalog.pg_database ORDER BY 1")) {
            while (rows.next()) {
                if (scratch.matcher(rows.getString(1)).matches()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    // ---- phases ----------------------------------------------------------------------------------------------

    /**
     * Both renames in one transaction, with the original's sessions (and any the restore step leaked on the
     * scratch database) terminated right before, inside the same transaction to keep the gap small.
     */
    private static void swap(ConnInfo target, String name, String scratch, String kept, Consumer<String> progress)
            throws SQLException {
        try (Connection maintenance = openMaintenance(target)) {
            for (int attempt = 1; ; attempt++) {
                maintenance.setAutoCommit(false);
                try {
                    int terminated = terminateSessions(maintenance, name, scratch);
                    if (terminated > 0) {
                        progress.accept("terminated " + terminated + " session(s) on " + Identifiers.quote(name)
                                + " or " + Identifiers.quote(scratch));
                    }
                    try (Statement statement = maintenance.createStatement()) {
                        if (kept != null) {
                            statement.execute("ALTER DATABASE " + Identifiers.quote(name) + " RENAME TO "
                                    + Identifiers.quote(kept));
                        }
                        statement.execute("ALTER DATABASE " + Identifiers.quote(scratch) + " RENAME TO "
                                + Identifiers.quote(name));
                    }
                    maintenance.commit();
                    return;
                } catch (SQLException e) {
                    rollbackQuietly(maintenance);
                    if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt >= SWAP_ATTEMPTS) {
                        throw e;
                    }
                    progress.accept("a session reconnected during the swap (" + oneLine(e) + "); retrying");
                    pause(SWAP_RETRY_PAUSE_MILLIS);
                }
            }
        }
    }

    private static int terminateSessions(Connection connection, String... databases) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_catalog.pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity"
                        + " WHERE datname = ANY (?) AND pid <> pg_catalog.pg_backend_pid()")) {
            statement.setArray(1, connection.createArrayOf("text", databases));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /**
     * Whether the scratch database (known by its OID, which a rename keeps) now bears the target's name, i.e.
     * the swap transaction committed; empty when the server cannot be asked.
     */
    private static Optional<Boolean> swapCommitted(ConnInfo target, String name, long scratchOid) {
        try (Connection maintenance = openMaintenance(target);
             PreparedStatement statement = maintenance.prepareStatement(
                     "SELECT datname FROM pg_catalog.pg_database WHERE oid::int8 = ?")) {
            statement.setLong(1, scratchOid);
            try (ResultSet rows = statement.executeQuery()) {
                return Optional.of(rows.next() && name.equals(rows.getString(1)));
            }
        } catch (SQLException | ConnectionFailure e) {
            return Optional.empty();
        }
    }

    /**
     * Drops the scratch database (best effort) and returns the failure to throw: one line saying the original
     * is untouched and, when the scratch database could not be dropped, how to drop it.
     */
    private static ReplaceFailure abandon(ConnInfo target, String scratch, String name, boolean existed, String what,
                                          Exception e) {
        String cleanup;
        try (Connection maintenance = openMaintenance(target)) {
            if (oidOf(maintenance, scratch).isPresent()) {
                dropDatabase(maintenance, scratch, serverVersionNum(maintenance));
                cleanup = "scratch database " + Identifiers.quote(scratch) + " dropped";
            } else {
                cleanup = "nothing to clean up";
            }
        } catch (SQLException | ConnectionFailure dropFailure) {
            cleanup = "scratch database " + Identifiers.quote(scratch) + " may remain, drop it with: "
                    + dropStatement(scratch);
        }
        return new ReplaceFailure(what + "; database " + Identifiers.quote(name)
                + (existed ? " is untouched (" : " was not created (") + cleanup + "): " + oneLine(e), e);
    }

    // ---- SQL helpers -------------------------------------------------------------------------------------------

    /**
     * A connection to the maintenance database, as createdb and pg_restore -C do: {@code postgres}, else
     * {@code template1} (also when {@code postgres} itself is the database being replaced, since a database
     * cannot be renamed while we are connected to it).
     */
    static Connection openMaintenance(ConnInfo target) {
        if ("postgres".equals(target.dbname())) {
            return Connector.open(target.withDatabase("template1"));
        }
        try {
            return Connector.open(target.withDatabase("postgres"));
        } catch (ConnectionFailure postgresFailure) {
            try {
                return Connector.open(target.withDatabase("template1"));
            } catch (ConnectionFailure ignored) {
                throw postgresFailure; // the usual maintenance database's error is the one that explains
            }
        }
    }

    /** CREATE DATABASE for the scratch copy: from template0, with the original's encoding, locale and owner. */
    static String createStatement(String scratch, Optional<DatabaseProperties> like) {
        StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(Identifiers.quote(scratch))
                .append(" WITH TEMPLATE = template0");
        like.ifPresent(p -> p.appendCreateOptions(sql));
        return sql.toString();
    }

    private static void dropDatabase(Connection maintenance, String database, int versionNum) throws SQLException {
        if (versionNum >= 130000) {
            execute(maintenance, "DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
        } else {
            terminateSessions(maintenance, database);
            execute(maintenance, "DROP DATABASE IF EXISTS " + Identifiers.quote(database));
        }
    }

    private static void refuseExisting(Connection maintenance, String database) throws SQLException {
        if (oidOf(maintenance, database).isPresent()) {
            throw new SQLException("database " + Identifiers.quote(database) + " already exists (another replace"
                    + " started in the same second?); try again");
        }
    }

    private static Optional<Long> oidOf(Connection connection, String database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT oid FROM pg_catalog.pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    private static int serverVersionNum(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The transaction's own error is the one to report; a broken connection rolls back on its own.
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * What the scratch database must share with the original for the restored data to behave the same:
     * encoding, collation and character classification, locale provider (15+), tablespace and owner.
     */
    record DatabaseProperties(String encoding, String collate, String ctype, String localeProvider, String locale,
                              String icuRules, String tablespace, String owner) {

        static Optional<DatabaseProperties> read(Connection connection, String name, int versionNum)
                throws SQLException {
            // Locale provider columns: 15 added datlocprovider and daticulocale, 16 daticurules, and 17 renamed
            // daticulocale to datlocale (also used by the builtin provider it added).
            String provider = versionNum >= 150000 ? "d.datlocprovider::text" : "NULL::text";
            String locale = versionNum >= 170000 ? "d.datlocale"
                    : versionNum >= 150000 ? "d.daticulocale" : "NULL::text";
            String rules = versionNum >= 160000 ? "d.daticurules" : "NULL::text";
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_catalog.pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, " + provider
                            + ", " + locale + ", " + rules + ", t.spcname, pg_catalog.pg_get_userbyid(d.datdba)"
                            + " FROM pg_catalog.pg_database d"
                            + " JOIN pg_catalog.pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = ?")) {
                statement.setString(1, name);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new DatabaseProperties(rows.getString(1), rows.getString(2),
                            rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                            rows.getString(7), rows.getString(8)));
                }
            }
        }

        void appendCreateOptions(StringBuilder sql) {
            sql.append(" ENCODING = ").append(Identifiers.literal(encoding));
            if (localeProvider != null) {
                // Always explicit: template0's provider is the default, and it may differ from the original's.
                sql.append(" LOCALE_PROVIDER = ").append(switch (localeProvider) {
                    case "i" -> "icu";
                    case "b" -> "builtin";
                    default -> "libc";
                });
            }
            sql.append(" LC_COLLATE = ").append(Identifiers.literal(collate))
                    .append(" LC_CTYPE = ").append(Identifiers.literal(ctype));
            if ("i".equals(localeProvider) && locale != null) {
                sql.append(" ICU_LOCALE = ").append(Identifiers.literal(locale));
            } else if ("b".equals(localeProvider) && locale != null) {
                sql.append(" BUILTIN_LOCALE = ").append(Identifiers.literal(locale));
            }
            if (icuRules != null) {
                sql.append(" ICU_RULES = ").append(Identifiers.literal(icuRules));
            }
            if (!"pg_default".equals(tablespace)) {
                sql.append(" TABLESPACE = ").append(Identifiers.quote(tablespace));
            }
            sql.append(" OWNER = ").append(Identifiers.quote(owner));
        }
    }
}
