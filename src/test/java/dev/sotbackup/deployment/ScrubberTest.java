package dev.sotbackup.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The scrub rules on a Nautobot-shaped schema (the NetBox rules run end to end in ReplicateCommandTest): what
 * each changes, that absent tables are skipped, and that a failure leaves nothing half done.
 */
class ScrubberTest {

    private final TestServer server = PostgresServers.embedded(15);

    private static final String NAUTOBOT_SCHEMA = """
            CREATE TABLE auth_user (id integer PRIMARY KEY, username varchar(150) UNIQUE NOT NULL,
                password varchar(128) NOT NULL, is_active boolean NOT NULL, email varchar(254) NOT NULL);
            INSERT INTO auth_user VALUES (1, 'admin', 'pbkdf2_sha256$1$a$b', false, 'admin@corp.example.com'),
                                         (2, 'ops', 'pbkdf2_sha256$1$c$d', true, '');
            CREATE TABLE users_token (id uuid PRIMARY KEY, key varchar(40) NOT NULL, user_id integer REFERENCES auth_user);
            INSERT INTO users_token VALUES (gen_random_uuid(), 'nautobot-token', 1);
            CREATE TABLE extras_webhook (id uuid PRIMARY KEY, name text, enabled boolean NOT NULL,
                secret varchar(255) NOT NULL, additional_headers text NOT NULL);
            INSERT INTO extras_webhook VALUES (gen_random_uuid(), 'a', true, 's3cret', 'X-Token: t'),
                                              (gen_random_uuid(), 'b', false, '', '');
            CREATE TABLE extras_scheduledjob (id uuid PRIMARY KEY, enabled boolean NOT NULL);
            INSERT INTO extras_scheduledjob VALUES (gen_random_uuid(), true), (gen_random_uuid(), true);
            CREATE TABLE extras_jobhook (id uuid PRIMARY KEY, enabled boolean NOT NULL);
            INSERT INTO extras_jobhook VALUES (gen_random_uuid(), true);
            CREATE TABLE extras_externalintegration (id uuid PRIMARY KEY, remote_url varchar(500) NOT NULL,
                headers jsonb);
            INSERT INTO extras_externalintegration VALUES
                (gen_random_uuid(), 'https://snow.example.com', '{"Authorization": "Basic cHJvZA=="}'),
                (gen_random_uuid(), 'https://other.example.com', NULL),
                (gen_random_uuid(), 'https://svc:pw@ipam.example.com/api?key=k', NULL);
            CREATE TABLE extras_gitrepository (id uuid PRIMARY KEY, remote_url varchar(255) NOT NULL,
                _token text NOT NULL);
            INSERT INTO extras_gitrepository VALUES
                (gen_random_uuid(), 'https://x-access-token:ghp_nb@github.com/org/jobs.git', 'encrypted-token'),
                (gen_random_uuid(), 'https://github.com/org/public.git', '');
            CREATE TABLE django_session (session_key varchar(40) PRIMARY KEY, session_data text NOT NULL);
            INSERT INTO django_session VALUES ('k1', 'd1');
            """;

    @Test
    void nautobotRulesChangeWhatTheyNameAndSkipWhatIsAbsent() throws SQLException {
        String database = server.createDatabase("scrub_nautobot");
        try (Connection connection = server.connect(database)) {
            execute(connection, NAUTOBOT_SCHEMA);
            Scrubber.Report report = Scrubber.scrub(connection, Profile.NAUTOBOT, true, "admin", "dev-password");
            Map<String, Long> changes = new TreeMap<>();
            report.changes().forEach(change -> changes.merge(change.table() + ": " + change.what(), change.rows(),
                    Long::sum));
            assertEquals(Map.ofEntries(
                    Map.entry("auth_user: passwords made unusable", 2L),
                    Map.entry("auth_user: e-mail addresses replaced by user<id>@example.invalid", 1L),
                    Map.entry("extras_externalintegration: integration URLs without credentials and query", 1L),
                    Map.entry("extras_gitrepository: Git repository URLs without credentials and query", 1L),
                    Map.entry("extras_gitrepository: Git repository tokens cleared", 1L),
                    Map.entry("auth_user: password set for admin (from --admin-password-file)", 1L),
                    Map.entry("users_token: API tokens deleted", 1L),
                    Map.entry("extras_webhook: webhook secrets cleared", 1L),
                    Map.entry("extras_webhook: webhook additional headers cleared", 1L),
                    Map.entry("extras_webhook: webhooks disabled", 1L),
                    Map.entry("extras_scheduledjob: scheduled jobs disabled", 2L),
                    Map.entry("extras_jobhook: job hooks disabled", 1L),
                    Map.entry("extras_externalintegration: integration headers cleared", 1L),
                    Map.entry("django_session: sessions deleted", 1L)), changes);
            // social_auth_usersocialauth does not exist here: no entry, no error.
            assertEquals("true", value(connection, "SELECT is_active::text FROM auth_user WHERE username = 'admin'"));
            assertTrue(DjangoPassword.verify("dev-password",
                    value(connection, "SELECT password FROM auth_user WHERE username = 'admin'")));
            assertTrue(value(connection, "SELECT password FROM auth_user WHERE username = 'ops'").startsWith("!"));
            assertEquals("0", value(connection, "SELECT count(*) FROM extras_webhook WHERE enabled OR secret <> ''"
                    + " OR additional_headers <> ''"));
            assertEquals("0", value(connection, "SELECT count(*) FROM extras_scheduledjob WHERE enabled"));
            assertEquals("0", value(connection, "SELECT count(*) FROM extras_externalintegration"
                    + " WHERE headers::text LIKE '%Authorization%'"));
            assertEquals("https://snow.example.com", value(connection,
                    "SELECT max(remote_url) FROM extras_externalintegration"));
            assertEquals("https://ipam.example.com/api", value(connection,
                    "SELECT min(remote_url) FROM extras_externalintegration"));
            assertEquals("https://github.com/org/jobs.git|", value(connection,
                    "SELECT remote_url || '|' || _token FROM extras_gitrepository ORDER BY remote_url LIMIT 1"));
            assertEquals("user1@example.invalid", value(connection, "SELECT email FROM auth_user WHERE id = 1"));

            // A second scrub finds nothing left to change but the passwords (re-randomised).
            Scrubber.Report again = Scrubber.scrub(connection, Profile.NAUTOBOT, true, null, null);
            assertEquals(2, again.rows(), again.changes().toString());
        } finally {
            server.dropDatabase(database);
        }
    }

    @Test
    void anUnknownAdminUserRollsEverythingBack() throws SQLException {
        String database = server.createDatabase("scrub_rollback");
        try (Connection connection = server.connect(database)) {
            execute(connection, NAUTOBOT_SCHEMA);
            Scrubber.ScrubFailure failure = assertThrows(Scrubber.ScrubFailure.class,
                    () -> Scrubber.scrub(connection, Profile.NAUTOBOT, true, "nobody", "x"));
            assertTrue(failure.getMessage().contains("'nobody' does not exist in auth_user"), failure.getMessage());
            assertEquals("1", value(connection, "SELECT count(*) FROM users_token"));
            assertEquals("pbkdf2_sha256$1$c$d", value(connection, "SELECT password FROM auth_user WHERE id = 2"));
        } finally {
            server.dropDatabase(database);
        }
    }

    @Test
    void theGenericProfileHasNoRules() {
        assertEquals(List.of(), Scrubber.tables(Profile.GENERIC));
        assertEquals(List.of("users_user", "auth_user"), Scrubber.userTables(Profile.NETBOX));
        assertEquals(List.of("users_token", "django_session", "social_auth_usersocialauth", "social_auth_association",
                "social_auth_code", "social_auth_nonce", "social_auth_partial"),
                Scrubber.tablesEmptied(Profile.NETBOX_ENTERPRISE));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String value(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
