package dev.sotbackup.deployment;

import dev.sotbackup.postgres.sql.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a copy of a production database safe to run as a development instance: it can neither be logged into
 * with production credentials nor act on production systems (../shared/reference/netbox-nautobot-facts.md §1).
 *
 * <ul>
 *   <li>Passwords become Django's unusable password ({@code "!"} and 40 random characters, what
 *   {@code make_password(None)} stores); API tokens, sessions and social-auth links are deleted.</li>
 *   <li>Webhook secrets and extra headers are emptied; data-source credentials are removed from their JSON
 *   parameters; Nautobot integrations lose their literal HTTP headers.</li>
 *   <li>Everything that fires on its own is switched off: NetBox event rules and data sources, Nautobot
 *   webhooks, scheduled jobs and job hooks; NetBox jobs waiting to run are marked failed (see below).</li>
 * </ul>
 *
 * <p>Every rule applies only when its table and columns exist — NetBox and Nautobot releases differ — and reports
 * how many rows it changed. Everything runs in one transaction: a scrub applies completely or not at all.
 *
 * <p>NetBox jobs in an enqueued state (pending, scheduled, running) are marked {@code failed} with an explanation,
 * not deleted: their queue entries live in production's Redis, which is never copied, so they could never run;
 * left as they are, NetBox's {@code enqueue_once} would see them as still queued and never schedule its system
 * jobs (housekeeping, data source sync) in the copy. Marking them keeps the history readable in the copy.
 *
 * <p>Nautobot's {@code extras_externalintegration} keeps its URL and extra config (a development instance is
 * configured against them on purpose, and the credentials are not in the table: its secrets group names where
 * the development environment's own secrets come from); only its literal {@code headers}, which may carry an
 * authorization header, are cleared. {@code extras_secret} holds only references (environment variable names,
 * paths) and is left alone.
 */
public final class Scrubber {

    /** Keys of {@code core_datasource.parameters} that hold credentials (NetBox's git and S3 backends, others). */
    static final List<String> SENSITIVE_PARAMETERS = List.of("password", "username", "token", "api_token",
            "aws_access_key_id", "aws_secret_access_key", "secret", "private_key", "ssh_private_key");

    static final String JOB_NOT_COPIED = "scheduled in production; not carried over to this copy by "
            + "sot-backup replicate (its queue stayed in production's Redis)";

    private Scrubber() {
    }

    /**
     * One rule's effect.
     *
     * @param table the table changed
     * @param what  what was done, e.g. "passwords made unusable"
     * @param rows  rows changed
     */
    public record Change(String table, String what, long rows) {
        public String describe() {
            return table + ": " + rows + " " + what;
        }
    }

    /** What a scrub changed, rule by rule, in order (rules whose table is absent are not listed). */
    public record Report(List<Change> changes) {
        public Report {
            changes = List.copyOf(changes);
        }

        public long rows() {
            return changes.stream().mapToLong(Change::rows).sum();
        }
    }

    /** A failure the operator must act on (e.g. the admin user named does not exist). */
    public static final class ScrubFailure extends RuntimeException {
        public ScrubFailure(String message) {
            super(message);
        }
    }

    private enum Kind { UNUSABLE_PASSWORDS, DELETE_ALL, UPDATE }

    /**
     * @param table   table in {@code public}
     * @param columns columns the rule needs
     * @param what    what the rule does, for the report
     * @param sql     for UPDATE rules: the statement, {@code %s} standing for the table's qualified name; it must
     *                only touch rows that actually change, so that the count means something
     */
    private record Rule(Kind kind, String table, List<String> columns, String what, String sql) {
        static Rule passwords(String table) {
            return new Rule(Kind.UNUSABLE_PASSWORDS, table, List.of("id", "password"), "passwords made unusable",
                    null);
        }

        static Rule deleteAll(String table, String what) {
            return new Rule(Kind.DELETE_ALL, table, List.of(), what, null);
        }

        static Rule update(String table, List<String> columns, String what, String sql) {
            return new Rule(Kind.UPDATE, table, columns, what, sql);
        }
    }

    private static final String SENSITIVE_ARRAY = "ARRAY[" + String.join(", ",
            SENSITIVE_PARAMETERS.stream().map(Identifiers::literal).toList()) + "]::text[]";

    private static final List<Rule> WEBHOOK_RULES = List.of(
            Rule.update("extras_webhook", List.of("secret"), "webhook secrets cleared",
                    "UPDATE %s SET secret = '' WHERE secret <> ''"),
            Rule.update("extras_webhook", List.of("additional_headers"), "webhook additional headers cleared",
                    "UPDATE %s SET additional_headers = '' WHERE additional_headers <> ''"),
            // NetBox before 3.7 and Nautobot switch webhooks themselves on and off.
            Rule.update("extras_webhook", List.of("enabled"), "webhooks disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"));

    private static final List<Rule> NETBOX = concat(List.of(
            Rule.passwords("users_user"),
            Rule.passwords("auth_user"),
            Rule.deleteAll("users_token", "API tokens deleted")),
            WEBHOOK_RULES,
            List.of(
            Rule.update("extras_eventrule", List.of("enabled"), "event rules disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"),
            Rule.update("core_datasource", List.of("enabled"), "data sources disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"),
            Rule.update("core_datasource", List.of("parameters"), "data source credentials removed",
                    "UPDATE %s SET parameters = parameters::jsonb - " + SENSITIVE_ARRAY
                            + " WHERE jsonb_typeof(parameters::jsonb) = 'object' AND parameters::jsonb ?| "
                            + SENSITIVE_ARRAY),
            Rule.update("core_job", List.of("status", "error"), "queued jobs marked failed",
                    "UPDATE %s SET status = 'failed', error = " + Identifiers.literal(JOB_NOT_COPIED)
                            + " WHERE status IN ('pending', 'scheduled', 'running')"),
            // NetBox 3.4 – 3.6 kept jobs in extras_jobresult (no error column).
            Rule.update("extras_jobresult", List.of("status", "job_id"), "queued jobs marked failed",
                    "UPDATE %s SET status = 'failed' WHERE status IN ('pending', 'scheduled', 'running')"),
            Rule.deleteAll("django_session", "sessions deleted"),
            Rule.deleteAll("social_auth_usersocialauth", "social login links deleted")));

    private static final List<Rule> NAUTOBOT = concat(List.of(
            Rule.passwords("auth_user"),
            Rule.deleteAll("users_token", "API tokens deleted")),
            WEBHOOK_RULES,
            List.of(
            Rule.update("extras_scheduledjob", List.of("enabled"), "scheduled jobs disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"),
            Rule.update("extras_jobhook", List.of("enabled"), "job hooks disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"),
            Rule.update("extras_externalintegration", List.of("headers"), "integration headers cleared",
                    "UPDATE %s SET headers = '{}' WHERE headers IS NOT NULL AND headers::text <> '{}'"),
            Rule.deleteAll("django_session", "sessions deleted"),
            Rule.deleteAll("social_auth_usersocialauth", "social login links deleted")));

    private static List<Rule> rules(Profile profile) {
        return switch (profile.application()) {
            case NETBOX -> NETBOX;
            case NAUTOBOT -> NAUTOBOT;
            case NONE -> List.of();
        };
    }

    /** Every table a scrub of this profile's database looks at, for tests and documentation. */
    public static List<String> tables(Profile profile) {
        return rules(profile).stream().map(Rule::table).distinct().toList();
    }

    /**
     * Tables a scrub empties completely. A replication need not copy their rows at all — production's tokens
     * and sessions then never leave the source — provided no foreign key points at them.
     */
    public static List<String> tablesEmptied(Profile profile) {
        return rules(profile).stream().filter(rule -> rule.kind() == Kind.DELETE_ALL).map(Rule::table).toList();
    }

    /** The tables a Django user table can have in this profile's databases, in lookup order. */
    public static List<String> userTables(Profile profile) {
        return rules(profile).stream().filter(rule -> rule.kind() == Kind.UNUSABLE_PASSWORDS).map(Rule::table)
                .toList();
    }

    /** The user table this database has, if any. */
    public static Optional<String> userTable(Connection connection, Profile profile) throws SQLException {
        for (String table : userTables(profile)) {
            if (hasColumns(connection, table, List.of("username", "password"))) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code public.<table>} exists and no foreign key of another table points at it. */
    public static boolean unreferenced(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.oid IS NOT NULL,
                       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint f
                                WHERE f.contype = 'f' AND f.confrelid = c.oid AND f.conrelid <> c.oid)
                  FROM (SELECT to_regclass(quote_ident('public') || '.' || quote_ident(?)) AS oid) c""")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1) && !rows.getBoolean(2);
            }
        }
    }

    /**
     * Applies every rule of {@code profile} whose table exists and, when {@code adminUser} is given, sets that
     * user's password (usable, active) — all in one transaction on {@code connection}.
     *
     * @param scrub         apply the profile's rules (false: only the admin password, when given)
     * @param adminUser     user whose password to set, or null
     * @param adminPassword the password to give {@code adminUser}
     * @throws ScrubFailure when {@code adminUser} does not exist or the database has no user table
     */
    public static Report scrub(Connection connection, Profile profile, boolean scrub, String adminUser,
                               String adminPassword) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            List<Change> changes = new ArrayList<>();
            if (scrub) {
                for (Rule rule : rules(profile)) {
                    if (!hasColumns(connection, rule.table(), rule.columns())) {
                        continue;
                    }
                    changes.add(new Change(rule.table(), rule.what(), apply(connection, rule)));
                }
            }
            if (adminUser != null) {
                changes.add(setPassword(connection, profile, adminUser, adminPassword));
            }
            connection.commit();
            return new Report(changes);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the original failure says more
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Checks that {@code adminUser} exists, so that a replication can refuse before copying anything. */
    public static void requireUser(Connection connection, Profile profile, String adminUser) throws SQLException {
        String table = requireUserTable(connection, profile);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM " + qualified(table) + " WHERE username = ?")) {
            statement.setString(1, adminUser);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw noSuchUser(adminUser, table);
                }
            }
        }
    }

    private static Change setPassword(Connection connection, Profile profile, String user, String password)
            throws SQLException {
        String table = requireUserTable(connection, profile);
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + qualified(table)
                + " SET password = ?, is_active = true WHERE username = ?")) {
            statement.setString(1, DjangoPassword.hash(password));
            statement.setString(2, user);
            int rows = statement.executeUpdate();
            if (rows == 0) {
                throw noSuchUser(user, table);
            }
            return new Change(table, "password set for " + user + " (from --admin-password-file)", rows);
        }
    }

    private static String requireUserTable(Connection connection, Profile profile) throws SQLException {
        return userTable(connection, profile).orElseThrow(() -> new ScrubFailure("the database has no Django user "
                + "table (" + (userTables(profile).isEmpty() ? "profile " + profile.configName() + " knows none"
                : String.join(" or ", userTables(profile))) + "); --admin-password-file cannot be applied"));
    }

    private static ScrubFailure noSuchUser(String user, String table) {
        return new ScrubFailure("user " + Identifiers.literal(user) + " does not exist in " + table
                + " (choose another with --admin-user)");
    }

    private static long apply(Connection connection, Rule rule) throws SQLException {
        String table = qualified(rule.table());
        return switch (rule.kind()) {
            case DELETE_ALL -> update(connection, "DELETE FROM " + table);
            case UPDATE -> update(connection, rule.sql().formatted(table));
            case UNUSABLE_PASSWORDS -> unusablePasswords(connection, table);
        };
    }

    /** Every user gets a different unusable password, as Django would give each one. */
    private static long unusablePasswords(Connection connection, String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        String[] passwords = new String[ids.size()];
        for (int i = 0; i < passwords.length; i++) {
            passwords[i] = DjangoPassword.unusable();
        }
        Array idArray = connection.createArrayOf("int8", ids.toArray());
        Array passwordArray = connection.createArrayOf("text", passwords);
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + table
                + " AS u SET password = v.password FROM unnest(?::int8[], ?::text[]) AS v(id, password)"
                + " WHERE u.id = v.id")) {
            statement.setArray(1, idArray);
            statement.setArray(2, passwordArray);
            return statement.executeUpdate();
        }
    }

    private static long update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate(sql);
        }
    }

    private static boolean hasColumns(Connection connection, String table, List<String> columns)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.oid IS NOT NULL AND (SELECT count(*) FROM pg_catalog.pg_attribute a
                                               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                                 AND a.attname = ANY (?::text[])) = ?
                  FROM (SELECT to_regclass(quote_ident('public') || '.' || quote_ident(?)) AS oid) c""")) {
            statement.setArray(1, connection.createArrayOf("text", columns.toArray()));
            statement.setInt(2, columns.size());
            statement.setString(3, table);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    private static String qualified(String table) {
        return Identifiers.qualify("public", table);
    }

    @SafeVarargs
    private static List<Rule> concat(List<Rule>... lists) {
        List<Rule> all = new ArrayList<>();
        for (List<Rule> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
