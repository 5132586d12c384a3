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
 *   {@code make_password(None)} stores); users' e-mail addresses become {@code user<id>@example.invalid}; API
 *   tokens, sessions and every social-auth table's rows are deleted.</li>
 *   <li>Webhook secrets and extra headers are emptied and payload URLs cut to their scheme and host (Slack, Teams
 *   and many others carry the token in the path); data-source and Git repository URLs lose their user
 *   information, query and fragment; credential-like keys leave data-source parameters; Nautobot integrations
 *   lose their literal HTTP headers.</li>
 *   <li>A changelog kept with {@code --keep-changelog} loses the same fields from its object snapshots: the
 *   history of a webhook or a user would otherwise still show its secret or e-mail.</li>
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

    /**
     * JSON keys that hold credentials, as a PostgreSQL regular expression matched case-insensitively: NetBox's
     * git and S3 backends ({@code username}, {@code password}, {@code aws_access_key_id},
     * {@code aws_secret_access_key}) and what plugins and other backends call theirs. A pattern, not a list,
     * because a dev copy that keeps one unknown credential has failed; a dropped harmless key costs nothing.
     */
    static final String SENSITIVE_KEYS = "^(username|user|login|key)$|pass|secret|token|credential|private|"
            + "api_?key|access_?key|auth|cookie|session|header";

    /**
     * Keys of a changelog object snapshot that are scrubbed in the live tables as well (URLs with tokens,
     * e-mail addresses, data-source parameters) — removed from the history of the objects whose tables hold them.
     */
    private static final String SCRUBBED_MODEL_KEYS = "^(email|payload_url|source_url|remote_url|parameters)$";

    /** The models whose live rows the scrub changes, as (app_label, model) of django_content_type. */
    private static final String SCRUBBED_MODELS = "('users', 'user'), ('auth', 'user'), ('users', 'token'), "
            + "('extras', 'webhook'), ('core', 'datasource'), ('extras', 'gitrepository'), "
            + "('extras', 'externalintegration'), ('wireless', 'wirelesslan'), ('wireless', 'wirelesslink')";

    static final String JOB_NOT_COPIED = "scheduled in production; not carried over to this copy by "
            + "sot-backup replicate (its queue stayed in production's Redis)";

    private Scrubber() {
    }

    /**
     * One rule's effect.
     *
     * @param table the table changed
     * @param field the column changed, or null when whole rows were deleted
     * @param what  what was done, e.g. "passwords made unusable"
     * @param rows  rows changed
     */
    public record Change(String table, String field, String what, long rows) {
        /** {@code table.field: rows what}, naming exactly what the copy no longer holds. */
        public String describe() {
            return (field == null ? table : table + "." + field) + ": " + rows + " " + what;
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
     * @param field   the column the rule changes (null for DELETE_ALL); the report names it
     * @param columns columns the rule needs besides {@code field}
     * @param what    what the rule does, for the report
     * @param sql     for UPDATE rules: the statement, {@code %s} standing for the table's qualified name; it must
     *                only touch rows that actually change, so that the count means something
     */
    private record Rule(Kind kind, String table, String field, List<String> columns, String what, String sql) {
        static Rule passwords(String table) {
            return new Rule(Kind.UNUSABLE_PASSWORDS, table, "password", List.of("id"), "passwords made unusable",
                    null);
        }

        static Rule deleteAll(String table, String what) {
            return new Rule(Kind.DELETE_ALL, table, null, List.of(), what, null);
        }

        static Rule update(String table, String field, String what, String sql) {
            return update(table, field, List.of(), what, sql);
        }

        static Rule update(String table, String field, List<String> columns, String what, String sql) {
            return new Rule(Kind.UPDATE, table, field, columns, what, sql);
        }

        /** Every column the rule needs: it applies only where all of them exist. */
        List<String> requiredColumns() {
            List<String> all = new ArrayList<>(columns);
            if (field != null) {
                all.add(field);
            }
            return all;
        }

        /** Rows changed are those where the new value differs: {@code field} set to {@code expression}. */
        static Rule set(String table, String field, String what, String expression) {
            return update(table, field, what, "UPDATE %s SET " + field + " = " + expression
                    + " WHERE " + field + " IS DISTINCT FROM " + expression);
        }
    }

    /** The e-mail a scrubbed user gets: unique per user, in a domain that can never receive mail (RFC 6761). */
    private static Rule emails(String table) {
        return Rule.update(table, "email", List.of("id"), "e-mail addresses replaced by user<id>@example.invalid",
                "UPDATE %s SET email = 'user' || id || '@example.invalid'"
                        + " WHERE email <> '' AND email <> 'user' || id || '@example.invalid'");
    }

    /** {@code scheme://host[:port]/} of a URL column; a value without a scheme is replaced whole. */
    private static String originOf(String column) {
        return "CASE WHEN " + column + " ~ '^[A-Za-z][A-Za-z0-9+.-]*://' THEN regexp_replace(" + column
                + ", '^([A-Za-z][A-Za-z0-9+.-]*://)([^@/?#]*@)?([^/?#]*).*$', '\\1\\3/')"
                + " ELSE 'https://scrubbed.invalid/' END";
    }

    /** A URL column without its user information ({@code user:token@}), query string and fragment. */
    private static String withoutCredentials(String column) {
        return "regexp_replace(regexp_replace(" + column + ", '^([A-Za-z][A-Za-z0-9+.-]*://)[^@/?#]*@', '\\1'),"
                + " '[?#].*$', '')";
    }

    /** A JSON object column without the keys matching {@code pattern}; other values are left as they are. */
    private static String withoutKeys(String column, String cast, String pattern) {
        return "CASE WHEN jsonb_typeof(" + column + "::jsonb) = 'object' THEN (SELECT coalesce(jsonb_object_agg("
                + "e.key, e.value), '{}'::jsonb) FROM jsonb_each(" + column + "::jsonb) AS e WHERE e.key !~* "
                + Identifiers.literal(pattern) + ")" + cast + " ELSE " + column + " END";
    }

    /** Credential-like keys out of a JSON column (data-source parameters). */
    private static Rule credentialKeys(String table, String field, String what) {
        return Rule.set(table, field, what, withoutKeys(field, "", SENSITIVE_KEYS));
    }

    /**
     * A changelog's object snapshots ({@code column}, jsonb) lose credential-like keys everywhere, and for the
     * models the scrub changes also what it removes from their tables (e-mails, URLs, parameters).
     */
    private static Rule changelogSnapshots(String table, String column) {
        String scrubbedModel = "changed_object_type_id IN (SELECT id FROM public.django_content_type"
                + " WHERE (app_label, model) IN (" + SCRUBBED_MODELS + "))";
        String pattern = "CASE WHEN " + scrubbedModel + " THEN " + Identifiers.literal(SENSITIVE_KEYS + "|"
                + SCRUBBED_MODEL_KEYS) + " ELSE " + Identifiers.literal(SENSITIVE_KEYS) + " END";
        String stripped = "CASE WHEN jsonb_typeof(" + column + ") = 'object' THEN (SELECT coalesce("
                + "jsonb_object_agg(e.key, e.value), '{}'::jsonb) FROM jsonb_each(" + column + ") AS e"
                + " WHERE e.key !~* " + pattern + ") ELSE " + column + " END";
        return Rule.update(table, column, List.of("changed_object_type_id"),
                "history snapshots without credentials, e-mails and URLs",
                "UPDATE %s SET " + column + " = " + stripped + " WHERE " + column + " IS DISTINCT FROM " + stripped);
    }

    private static final List<Rule> WEBHOOK_RULES = List.of(
            Rule.update("extras_webhook", "secret", "webhook secrets cleared",
                    "UPDATE %s SET secret = '' WHERE secret <> ''"),
            Rule.update("extras_webhook", "additional_headers", "webhook additional headers cleared",
                    "UPDATE %s SET additional_headers = '' WHERE additional_headers <> ''"),
            Rule.set("extras_webhook", "payload_url", "webhook URLs cut to scheme and host",
                    originOf("payload_url")),
            // NetBox before 3.7 and Nautobot switch webhooks themselves on and off.
            Rule.update("extras_webhook", "enabled", "webhooks disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"));

    /** Django's social-auth tables: links with OAuth tokens, and the transient OpenID/OAuth state beside them. */
    private static final List<Rule> SOCIAL_AUTH_RULES = List.of(
            Rule.deleteAll("social_auth_usersocialauth", "social login links deleted"),
            Rule.deleteAll("social_auth_association", "OpenID associations deleted"),
            Rule.deleteAll("social_auth_code", "social login codes deleted"),
            Rule.deleteAll("social_auth_nonce", "social login nonces deleted"),
            Rule.deleteAll("social_auth_partial", "partial social logins deleted"));

    /** Both changelog tables and both snapshot layouts (NetBox: pre/postchange_data; Nautobot: object_data). */
    private static final List<Rule> CHANGELOG_RULES = List.of(
            changelogSnapshots("core_objectchange", "prechange_data"),
            changelogSnapshots("core_objectchange", "postchange_data"),
            changelogSnapshots("extras_objectchange", "prechange_data"),
            changelogSnapshots("extras_objectchange", "postchange_data"),
            changelogSnapshots("extras_objectchange", "object_data"),
            changelogSnapshots("extras_objectchange", "object_data_v2"));

    private static final List<Rule> NETBOX = concat(List.of(
            Rule.passwords("users_user"),
            emails("users_user"),
            Rule.passwords("auth_user"),
            emails("auth_user"),
            Rule.deleteAll("users_token", "API tokens deleted")),
            WEBHOOK_RULES,
            List.of(
            Rule.update("extras_eventrule", "enabled", "event rules disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"),
            Rule.update("core_datasource", "enabled", "data sources disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"),
            Rule.set("core_datasource", "source_url", "data source URLs without credentials and query",
                    withoutCredentials("source_url")),
            credentialKeys("core_datasource", "parameters", "data source credentials removed"),
            Rule.update("core_job", "status", List.of("error"), "queued jobs marked failed",
                    "UPDATE %s SET status = 'failed', error = " + Identifiers.literal(JOB_NOT_COPIED)
                            + " WHERE status IN ('pending', 'scheduled', 'running')"),
            // NetBox 3.4 – 3.6 kept jobs in extras_jobresult (no error column).
            Rule.update("extras_jobresult", "status", List.of("job_id"), "queued jobs marked failed",
                    "UPDATE %s SET status = 'failed' WHERE status IN ('pending', 'scheduled', 'running')"),
            // Wi-Fi pre-shared keys are credentials of the production network itself.
            Rule.update("wireless_wirelesslan", "auth_psk", "wireless pre-shared keys cleared",
                    "UPDATE %s SET auth_psk = '' WHERE auth_psk <> ''"),
            Rule.update("wireless_wirelesslink", "auth_psk", "wireless pre-shared keys cleared",
                    "UPDATE %s SET auth_psk = '' WHERE auth_psk <> ''"),
            Rule.deleteAll("django_session", "sessions deleted")),
            SOCIAL_AUTH_RULES,
            CHANGELOG_RULES);

    private static final List<Rule> NAUTOBOT = concat(List.of(
            Rule.passwords("auth_user"),
            emails("auth_user"),
            Rule.deleteAll("users_token", "API tokens deleted")),
            WEBHOOK_RULES,
            List.of(
            Rule.update("extras_scheduledjob", "enabled", "scheduled jobs disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"),
            Rule.update("extras_jobhook", "enabled", "job hooks disabled",
                    "UPDATE %s SET enabled = false WHERE enabled"),
            Rule.update("extras_externalintegration", "headers", "integration headers cleared",
                    "UPDATE %s SET headers = '{}' WHERE headers IS NOT NULL AND headers::text <> '{}'"),
            Rule.set("extras_externalintegration", "remote_url", "integration URLs without credentials and query",
                    withoutCredentials("remote_url")),
            Rule.set("extras_gitrepository", "remote_url", "Git repository URLs without credentials and query",
                    withoutCredentials("remote_url")),
            // Nautobot 1.x kept the repository token itself (encrypted with SECRET_KEY, which dev may share).
            Rule.update("extras_gitrepository", "_token", "Git repository tokens cleared",
                    "UPDATE %s SET _token = '' WHERE _token <> ''"),
            Rule.deleteAll("django_session", "sessions deleted")),
            SOCIAL_AUTH_RULES,
            CHANGELOG_RULES);

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
                    if (!hasColumns(connection, rule.table(), rule.requiredColumns())) {
                        continue;
                    }
                    changes.add(new Change(rule.table(), rule.field(), rule.what(), apply(connection, rule)));
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
            return new Change(table, "password", "password set for " + user + " (from --admin-password-file)", rows);
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
