package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionFailure;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.HostIdentity;

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
import java.util.regex.Pattern;

/**
 * Replaces a database without ever putting it at risk: the restore goes into a fresh scratch database
 * {@code <name>_sotrestore_<yyyyMMddHHmmss>}, and only after it succeeded do the names change, in one
 * transaction ({@code ALTER DATABASE name RENAME TO <name>_before_<ts>; ALTER DATABASE scratch RENAME TO name}).
 * Until that transaction commits the original is not modified at all, so a failure or a kill at any moment
 * leaves it exactly as it was.
 *
 * <p>The phases are separate steps so that a restore of several stores can load every database first and swap
 * them in last: {@link #prepare} creates the scratch database ({@link ScratchDatabase}), {@link
 * ScratchDatabase#load} fills it, {@link ScratchDatabase#swapIn} puts it in place ({@link SwappedDatabase}),
 * which can still be swapped back until {@link SwappedDatabase#finish} (and {@code --drop-previous}) ends it.
 * {@link #replace} runs them one after the other.
 *
 * <p>While it exists, a scratch database's comment names the process that owns it ({@link ScratchOwner}). A
 * scratch database left by a killed run is dropped by the next replace of the same database when its owner ran
 * on this host and is gone; others (another host's, a live process's, an older version's) are only reported,
 * with the {@code DROP DATABASE} that removes them.
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
 * database-level privileges, settings and connection limit ({@link SafeReplaceSettings}), and in the swap
 * transaction its comment, which a dump made without {@code -C} does not carry and a restore over the existing
 * database would have kept.
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
     * @param reporter receives one info line per step: leftovers of interrupted runs (dropped, or
     *                 reported with the {@code DROP DATABASE} that removes each), then the phases; the message
     *                 announcing the swap starts with "swapping", the last one starts with "database" and says
     *                 "replaced"
     * @return the database's name and where its previous contents are kept
     * @throws ReplaceFailure     the restore, the swap or the preparation failed; the original is untouched and
     *                            the message says what remains to clean up, if anything
     * @throws ConnectionFailure  no maintenance database could be reached (nothing was done)
     */
    public static ReplaceResult replace(ConnInfo target, ReplaceOptions options, RestoreStep restore,
                                        Reporter reporter) {
        ScratchDatabase scratch = prepare(target, options, reporter);
        scratch.load(restore);
        return scratch.swapIn().finish(options.dropPrevious());
    }

    /**
     * Creates the scratch database beside {@code target}'s, like it, owned (by its comment) by this process.
     * Scratch databases that killed runs on this host left behind are dropped first; others are reported.
     *
     * @throws ReplaceFailure    the scratch database could not be created; nothing remains
     * @throws ConnectionFailure no maintenance database could be reached (nothing was done)
     */
    public static ScratchDatabase prepare(ConnInfo target, ReplaceOptions options, Reporter reporter) {
        String name = target.dbname();
        String stamp = LocalDateTime.now(options.clock()).format(STAMP);
        String scratch = scratchName(name, stamp);
        String kept = keptName(name, stamp);

        Optional<DatabaseProperties> original = Optional.empty();
        boolean createAttempted = false;
        try (Connection maintenance = openMaintenance(target)) {
            int versionNum = serverVersionNum(maintenance);
            cleanUpLeftovers(maintenance, name, versionNum, reporter);
            original = DatabaseProperties.read(maintenance, name, versionNum);
            refuseExisting(maintenance, scratch);
            if (original.isPresent()) {
                refuseExisting(maintenance, kept);
            }
            reporter.info("creating scratch database " + Identifiers.quote(scratch)
                    + (original.isPresent() ? " like " + Identifiers.quote(name) : ""));
            createAttempted = true;
            execute(maintenance, createStatement(scratch, original));
            long scratchOid = oidOf(maintenance, scratch)
                    .orElseThrow(() -> new SQLException("scratch database vanished right after CREATE DATABASE"));
            // CREATE DATABASE cannot share a transaction with anything: a kill between it and this statement
            // leaves a scratch database without an owner, which is then only reported, never dropped.
            execute(maintenance, "COMMENT ON DATABASE " + Identifiers.quote(scratch) + " IS "
                    + Identifiers.literal(ScratchOwner.current().comment()));
            return new ScratchDatabase(target, name, scratch, original.isPresent() ? kept : null, scratchOid,
                    versionNum, reporter);
        } catch (SQLException e) {
            if (createAttempted) {
                // CREATE DATABASE may have committed even though we saw an error (connection lost after it).
                throw new ScratchDatabase(target, name, scratch, original.isPresent() ? kept : null, -1, 0,
                        reporter).abandon("could not create the scratch database", e);
            }
            // Nothing was created; a database that already bears the scratch name is not ours to drop.
            throw new ReplaceFailure("could not prepare the replace; database " + Identifiers.quote(name)
                    + " is untouched (nothing to clean up): " + oneLine(e), e);
        }
    }

    /**
     * Checks, changing nothing, that a replace of {@code target}'s database can succeed with the credentials
     * given: the maintenance database accepts them, and the role may create databases (the scratch one), rename
     * the target (it is, or is a member of, its owner) and terminate the sessions now open on it.
     *
     * @throws ReplaceFailure    a right is missing (one line naming it)
     * @throws ConnectionFailure the server cannot be reached or refuses the credentials
     */
    public static void check(ConnInfo target) {
        String name = target.dbname();
        try (Connection maintenance = openMaintenance(target);
             PreparedStatement statement = maintenance.prepareStatement(
                     "SELECT r.rolname, r.rolsuper, r.rolcreatedb, d.oid IS NOT NULL,"
                             + " pg_catalog.pg_get_userbyid(d.datdba),"
                             + " d.oid IS NULL OR pg_catalog.pg_has_role(r.oid, d.datdba, 'MEMBER'),"
                             + " (SELECT count(*) FROM pg_catalog.pg_stat_activity a"
                             + "   JOIN pg_catalog.pg_roles s ON s.oid = a.usesysid"
                             + "   WHERE a.datname = d.datname AND a.pid <> pg_catalog.pg_backend_pid()"
                             + "   AND (s.rolsuper OR NOT (pg_catalog.pg_has_role(r.oid, s.oid, 'MEMBER')"
                             + "        OR pg_catalog.pg_has_role(r.oid, 'pg_signal_backend', 'MEMBER'))))"
                             + " FROM pg_catalog.pg_roles r"
                             + " LEFT JOIN pg_catalog.pg_database d ON d.datname = ?"
                             + " WHERE r.rolname = current_user")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new ReplaceFailure("cannot read the rights of the current role", null);
                }
                String role = Identifiers.quote(rows.getString(1));
                if (rows.getBoolean(2)) {
                    return; // a superuser may do all of it
                }
                if (!rows.getBoolean(3)) {
                    throw new ReplaceFailure("role " + role + " may not create databases (CREATEDB), which replacing"
                            + " database " + Identifiers.quote(name) + " through a scratch database needs", null);
                }
                if (rows.getBoolean(4) && !rows.getBoolean(6)) {
                    throw new ReplaceFailure("role " + role + " is not a member of " + Identifiers.quote(
                            rows.getString(5)) + ", the owner of database " + Identifiers.quote(name)
                            + ", so it may not rename it or create its replacement with that owner", null);
                }
                if (rows.getLong(7) > 0) {
                    throw new ReplaceFailure("role " + role + " may not terminate " + rows.getLong(7)
                            + " of the sessions open on database " + Identifiers.quote(name) + " (the swap needs"
                            + " membership in pg_signal_backend, or a superuser for superusers' sessions)", null);
                }
            }
        } catch (SQLException e) {
            throw new ConnectionFailure("cannot check the rights to replace database " + Identifiers.quote(name)
                    + ": " + oneLine(e), e.getSQLState(), e);
        }
    }

    /**
     * Scratch databases of earlier replaces of {@code target}'s database that were interrupted (killed) before
     * they could clean up, oldest first, whoever owns them.
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

    /**
     * Drops the leftovers whose owner ran on this host and is gone, and reports the others: an operator may be
     * inspecting one, a replace on another host or in a live process may be filling it right now, and one
     * without a recorded owner (an older version's, or a kill right after its creation) cannot be judged.
     */
    private static void cleanUpLeftovers(Connection maintenance, String name, int versionNum,
                                         Reporter reporter) throws SQLException {
        String thisHost = HostIdentity.hostname();
        for (String leftover : leftovers(maintenance, name)) {
            Optional<ScratchOwner> owner = ScratchOwner.parse(comment(maintenance, leftover));
            String quoted = Identifiers.quote(leftover);
            if (owner.isPresent() && owner.get().isDeadOn(thisHost)) {
                try {
                    dropDatabase(maintenance, leftover, versionNum);
                    reporter.info("dropped scratch database " + quoted + " left by an interrupted replace of "
                            + Identifiers.quote(name) + " (its " + owner.get().describe() + " no longer runs)");
                } catch (SQLException e) {
                    reporter.info("scratch database " + quoted + " left by an interrupted replace of "
                            + Identifiers.quote(name) + " could not be dropped (" + oneLine(e) + "); drop it with: "
                            + dropStatement(leftover));
                }
                continue;
            }
            String whose = owner.map(o -> " by " + o.describe() + (o.host().equals(thisHost) ? ", still running"
                    : ", another host")).orElse("");
            reporter.info("scratch database " + quoted + " remains from an interrupted replace of "
                    + Identifiers.quote(name) + whose + "; when no longer needed: " + dropStatement(leftover));
        }
    }

    /**
     * Runs {@code renames} in one transaction, with the sessions on {@code databases} terminated right before,
     * inside the same transaction to keep the gap small; retried when a session slips in before the lock.
     */
    static void renameInOneTransaction(ConnInfo target, List<String> databases, SqlWork renames,
                                       Reporter reporter) throws SQLException {
        try (Connection maintenance = openMaintenance(target)) {
            for (int attempt = 1; ; attempt++) {
                maintenance.setAutoCommit(false);
                try {
                    int terminated = terminateSessions(maintenance, databases.toArray(String[]::new));
                    if (terminated > 0) {
                        reporter.info("terminated " + terminated + " session(s) on " + databases.stream()
                                .map(Identifiers::quote).collect(java.util.stream.Collectors.joining(" or ")));
                    }
                    renames.run(maintenance);
                    maintenance.commit();
                    return;
                } catch (SQLException e) {
                    rollbackQuietly(maintenance);
                    if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt >= SWAP_ATTEMPTS) {
                        throw e;
                    }
                    reporter.info("a session reconnected during the swap (" + oneLine(e) + "); retrying");
                    pause(SWAP_RETRY_PAUSE_MILLIS);
                }
            }
        }
    }

    /** SQL run on a maintenance connection inside {@link #renameInOneTransaction}. */
    @FunctionalInterface
    interface SqlWork {
        void run(Connection maintenance) throws SQLException;
    }

    static int terminateSessions(Connection connection, String... databases) throws SQLException {
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
     * Drops {@code database} if it exists (best effort) and says what became of it: "scratch database x dropped",
     * "nothing to clean up", or how to drop it by hand.
     */
    static String dropIfPresent(ConnInfo target, String database) {
        try (Connection maintenance = openMaintenance(target)) {
            if (oidOf(maintenance, database).isEmpty()) {
                return "nothing to clean up";
            }
            dropDatabase(maintenance, database, serverVersionNum(maintenance));
            return "scratch database " + Identifiers.quote(database) + " dropped";
        } catch (SQLException | ConnectionFailure dropFailure) {
            return "scratch database " + Identifiers.quote(database) + " may remain, drop it with: "
                    + dropStatement(database);
        }
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

    static void dropDatabase(Connection maintenance, String database, int versionNum) throws SQLException {
        if (versionNum >= 130000) {
            execute(maintenance, "DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
        } else {
            terminateSessions(maintenance, database);
            execute(maintenance, "DROP DATABASE IF EXISTS " + Identifiers.quote(database));
        }
    }

    static void refuseExisting(Connection maintenance, String database) throws SQLException {
        if (oidOf(maintenance, database).isPresent()) {
            throw new SQLException("database " + Identifiers.quote(database) + " already exists (another replace"
                    + " started in the same second?); try again");
        }
    }

    static Optional<Long> oidOf(Connection connection, String database) throws SQLException {
        return query(connection, "SELECT oid FROM pg_catalog.pg_database WHERE datname = ?", database,
                rows -> rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty());
    }

    /** Runs {@code sql}, whose one parameter is {@code parameter} (a database's name), and reads its result. */
    static <T> T query(Connection connection, String sql, String parameter, ResultReader<T> reader)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        }
    }

    /** Runs {@code sql}, whose one parameter is {@code parameter} (a database's name), and reads each row. */
    static void forEachRow(Connection connection, String sql, String parameter, RowReader reader)
            throws SQLException {
        query(connection, sql, parameter, rows -> {
            while (rows.next()) {
                reader.read(rows);
            }
            return null;
        });
    }

    /** What a {@link #query} makes of its result. */
    @FunctionalInterface
    interface ResultReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** What {@link #forEachRow} does with a row. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    static int serverVersionNum(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The comment on a database, or null. */
    static String comment(Connection connection, String database) throws SQLException {
        return query(connection, "SELECT pg_catalog.shobj_description(oid, 'pg_database') FROM pg_catalog.pg_database"
                + " WHERE datname = ?", database, rows -> rows.next() ? rows.getString(1) : null);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The transaction's own error is the one to report; a broken connection rolls back on its own.
        }
    }

    static void pause(long millis) {
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
