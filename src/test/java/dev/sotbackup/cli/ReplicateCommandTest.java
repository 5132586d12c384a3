package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sotbackup.deployment.Profile;
import dev.sotbackup.deployment.Scrubber;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.RedisServers;
import dev.sotbackup.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.spec.KeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code replicate} end to end on the NetBox demo databases with production-like secrets added: a scrubbed copy
 * holds none of the source's credentials and nothing that would act on its own, but every other row; an
 * unscrubbed copy with the changelog is the source exactly.
 */
class ReplicateCommandTest {

    private static final TestServer PG = PostgresServers.embedded(15);
    /** The NetBox 4.2 demo plus netbox-secrets-v4.sql; shared, never written to by a test. */
    private static String source42;
    private static DatabaseSnapshot source42Snapshot;
    private static final List<String> DROP = new ArrayList<>();

    @TempDir
    Path work;

    @BeforeAll
    static void loadSource() {
        source42 = PG.createDatabase("repl_src42");
        Fixtures.load(PG, source42, Fixtures.NETBOX_V42);
        Fixtures.loadScript(PG, source42, Fixtures.resource("replicate/netbox-secrets-v4.sql"));
        source42Snapshot = DatabaseSnapshot.capture(PG, source42);
    }

    @AfterAll
    static void dropDatabases() {
        DROP.forEach(PG::dropDatabase);
        if (source42 != null) {
            PG.dropDatabase(source42);
        }
    }

    @Test
    void aScrubbedCopyHoldsNoSourceCredentialAndNoChangelog() throws Exception {
        String target = PG.createDatabase("repl_dst42"); // exists: it is replaced, its contents kept aside
        DROP.add(target);
        try (RedisServers.Server redis = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.rpush("rq:queue:default", "job-1");
                jedis.select(1);
                jedis.set(":1:config", "cached");
                jedis.set(":1:latest_release", "cached");
            }
            Path passwordFile = Files.writeString(work.resolve("admin-password"), "dev-only-password\n");
            Run run = cli("replicate", "--from", yaml("prod", source42, null), "--to", yaml("dev", target,
                    redis.url()), "--admin-password-file", passwordFile.toString(), "--admin-user", "alice");
            assertEquals(0, run.code(), run.err());
            assertFalse(run.out().contains("dev-only-password"));
            assertTrue(run.out().contains("users_user.password: 6 passwords made unusable"), run.out());
            // Every field scrubbed is named in the report.
            for (String field : List.of("users_user.email: 5 e-mail", "extras_webhook.payload_url: 2 webhook URLs",
                    "core_datasource.source_url: 1 data source URLs", "core_datasource.parameters: 3 data source",
                    "wireless_wirelesslan.auth_psk: 1 ")) {
                assertTrue(run.out().contains(field), field + " missing in:\n" + run.out());
            }
            // OAuth state is emptied by the scrub, so its rows never leave production.
            assertTrue(Matcher.find("not copied \\(emptied by the scrub anyway\\): (.*)", run.out()).group()
                    .contains("social_auth_partial"), run.out());
            assertTrue(run.out().contains("changelog core_objectchange: rows left out"), run.out());
            assertTrue(run.out().contains("cache flushed: 2 keys"), run.out());
            assertTrue(run.out().contains("python3 manage.py reindex --lazy"), run.out());
            Matcher kept = Matcher.find("previous contents kept as (\\S+)", run.out());
            DROP.add(kept.group());

            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                assertEquals(1, jedis.llen("rq:queue:default"), "the task queue is never touched");
                jedis.select(1);
                assertEquals(0, jedis.dbSize(), "the cache is flushed");
            }
        }

        try (Connection connection = PG.connect(target)) {
            assertEquals(0, count(connection, "users_token"));
            assertEquals(0, count(connection, "django_session"));
            assertEquals(0, count(connection, "social_auth_usersocialauth"));
            assertEquals(0, count(connection, "core_objectchange"));
            assertEquals(6, count(connection, "users_user"));
            for (String password : strings(connection, "SELECT password FROM users_user WHERE username <> 'alice'")) {
                assertTrue(password.matches("![A-Za-z0-9]{40}"), password);
            }
            assertAdminPassword(connection, "alice", "dev-only-password");
            assertEquals(List.of("|", "|"), strings(connection,
                    "SELECT secret || '|' || additional_headers FROM extras_webhook ORDER BY id"));
            assertEquals(List.of("https://tickets.example.com/", "https://hooks.slack.com/"), strings(connection,
                    "SELECT payload_url FROM extras_webhook ORDER BY id"));
            assertEquals(List.of("false"), strings(connection, "SELECT enabled::text FROM extras_eventrule"));
            assertEquals(List.of("false {\"branch\": \"main\"}", "false {}", "false {\"branch\": \"dev\"}"),
                    strings(connection, "SELECT enabled::text || ' ' || parameters::text FROM core_datasource"
                            + " ORDER BY id"));
            assertEquals(List.of("https://git.example.com/netbox/configs.git", "s3://bucket/templates",
                    "https://git.example.com/netbox/scripts.git"), strings(connection,
                    "SELECT source_url FROM core_datasource ORDER BY id"));
            assertEquals(List.of("user1@example.invalid", "user2@example.invalid", "user3@example.invalid",
                    "user4@example.invalid", "user5@example.invalid", ""), strings(connection,
                    "SELECT email FROM users_user ORDER BY id"));
            assertEquals(List.of("failed", "completed"), strings(connection,
                    "SELECT status FROM core_job ORDER BY id"));
            // No credential of the source is readable anywhere in the copy, in any table.
            Set<String> secrets = sourceSecrets();
            assertTrue(secrets.size() >= 22, secrets.toString());
            assertEquals(List.of(), tablesContaining(connection, secrets));
        }

        // Everything else is exactly the source.
        Set<String> scrubbed = new HashSet<>();
        Scrubber.tables(Profile.NETBOX).forEach(table -> scrubbed.add("public." + table));
        scrubbed.add("public.core_objectchange");
        DatabaseSnapshot copy = DatabaseSnapshot.capture(PG, target);
        DatabaseSnapshot.assertSame(without(source42Snapshot, scrubbed), without(copy, scrubbed));
        assertTrue(copy.rowChecksums().size() > 150);
    }

    @Test
    void aScrubbedCopyThatKeepsTheChangelogKeepsNoCredentialInTheHistory() throws Exception {
        String target = "repl_history_" + ProcessHandle.current().pid();
        DROP.add(target);
        Run run = cli("replicate", "--from", yaml("prod", source42, null), "--to", yaml("dev", target, null),
                "--keep-changelog");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("core_objectchange.postchange_data: 2 history snapshots"), run.out());
        try (Connection connection = PG.connect(target)) {
            assertEquals(27, count(connection, "core_objectchange"), "every history row is kept");
            assertEquals(List.of("{\"name\": \"chatops\"}"), strings(connection,
                    "SELECT postchange_data::text FROM core_objectchange WHERE id = 101"));
            assertEquals(List.of("{\"name\": \"after\"}"), strings(connection,
                    "SELECT DISTINCT postchange_data::text FROM core_objectchange WHERE id <= 25"),
                    "snapshots of other objects are untouched");
            assertEquals(List.of(), tablesContaining(connection, sourceSecrets()));
        }
    }

    @Test
    void keepChangelogWithoutScrubbingCopiesEverythingExactly() throws Exception {
        String target = "repl_exact_" + ProcessHandle.current().pid(); // does not exist yet: created by the swap
        DROP.add(target);
        Path metrics = work.resolve("sot_backup.prom");
        Run run = cli("replicate", "--from", yaml("prod", source42, null), "--to", yaml("dev", target, null),
                "--keep-changelog", "--no-scrub", "-j", "3", "--json", "--metrics-file", metrics.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.readString(metrics).contains(
                "sot_backup_last_run_success{command=\"replicate\",deployment=\"dev\"} 1"), Files.readString(metrics));
        JsonNode result = new ObjectMapper().readTree(run.out());
        JsonNode database = result.path("databases").get(0);
        assertEquals("core_objectchange", database.path("changelog_table").asText());
        assertTrue(database.path("changelog_copied").asBoolean());
        assertFalse(database.has("scrub"));
        assertFalse(database.has("previous_kept_as"));
        assertEquals(sourceRows(), database.path("rows").asLong());
        assertTrue(database.path("bytes").asLong() > 1_000_000, database.toString());
        DatabaseSnapshot.assertSame(source42Snapshot, DatabaseSnapshot.capture(PG, target));
    }

    @Test
    void anUnknownAdminUserIsRefusedBeforeAnythingIsCopied() throws Exception {
        String target = "repl_noadmin_" + ProcessHandle.current().pid();
        Path passwordFile = Files.writeString(work.resolve("admin-password"), "x");
        Run run = cli("replicate", "--from", yaml("prod", source42, null), "--to", yaml("dev", target, null),
                "--admin-password-file", passwordFile.toString(), "--admin-user", "nobody");
        assertEquals(1, run.code());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("user 'nobody' does not exist in users_user"), run.err());
        try (Connection connection = PG.connect("postgres")) {
            assertEquals(List.of(), strings(connection,
                    "SELECT datname FROM pg_database WHERE datname LIKE '" + target + "%'"));
        }
    }

    @Test
    void badInputIsOneLineThatNeverQuotesASecret() throws Exception {
        Path leaky = Files.writeString(work.resolve("leaky.yml"), """
                profile: netbox
                postgres:
                  conninfo: postgresql://netbox:ab?Pl4nted@db.example/netbox
                """);
        Path redis = Files.writeString(work.resolve("redis.yml"), """
                profile: netbox
                postgres:
                  host: db.example
                redis:
                  uri: redis//:Pl4nted@cache.example:6379
                """);
        String good = yaml("dev", "repl_never_" + ProcessHandle.current().pid(), null);
        for (String[] args : List.of(new String[] {"replicate", "--from", leaky.toString(), "--to", good},
                new String[] {"replicate", "--from", good, "--to", redis.toString()},
                new String[] {"replicate", "--from", good, "--to", good, "--admin-password-file", "/dev/zero"})) {
            Run run = cli(args);
            assertEquals(1, run.code(), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("sot-backup: error: "), run.err());
            assertFalse(run.err().contains("Pl4nted"), run.err());
        }
        assertTrue(cli("replicate", "--from", good, "--to", good, "--admin-password-file", "/dev/zero").err()
                .contains("--admin-password-file \"/dev/zero\" is not a regular file"));
        Run jobs = cli("replicate", "--from", good, "--to", good, "-j", "0");
        assertEquals(2, jobs.code(), jobs.err());
        assertTrue(jobs.err().startsWith("sot-backup: -j/--jobs must be in range 1..1024"), jobs.err());
    }

    @Test
    void theSameDatabaseOnBothSidesIsRefused() throws Exception {
        Path a = Files.writeString(work.resolve("a.yml"), """
                profile: netbox
                postgres:
                  host: localhost
                  port: %d
                  user: %s
                  database: %s
                """.formatted(PG.port(), PG.superuser(), source42));
        Run run = cli("replicate", "--from", a.toString(), "--to", yaml("b", source42, null));
        assertEquals(1, run.code());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("--from and --to name the same database"), run.err());
        DatabaseSnapshot.assertSame(source42Snapshot, DatabaseSnapshot.capture(PG, source42));
    }

    @Test
    void netbox37KeepsItsUsersInAuthUserAndItsChangelogInExtras() throws Exception {
        String source = PG.createDatabase("repl_src37");
        DROP.add(source);
        Fixtures.load(PG, source, Fixtures.NETBOX_V37);
        Fixtures.loadScript(PG, source, Fixtures.resource("replicate/netbox-secrets-v3.sql"));
        String target = "repl_dst37_" + ProcessHandle.current().pid();
        DROP.add(target);
        Run run = cli("replicate", "--from", yaml("prod", source, null), "--to", yaml("dev", target, null));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("auth_user.password: 6 passwords made unusable"), run.out());
        assertTrue(run.out().contains("changelog extras_objectchange: rows left out"), run.out());
        try (Connection connection = PG.connect(target)) {
            assertEquals(0, count(connection, "extras_objectchange"));
            assertEquals(0, count(connection, "users_token"));
            assertEquals(0, count(connection, "django_session"));
            assertTrue(strings(connection, "SELECT password FROM auth_user").stream().allMatch(p -> p.startsWith("!")));
            assertEquals(List.of("|"), strings(connection,
                    "SELECT secret || '|' || additional_headers FROM extras_webhook"));
            assertEquals(List.of("false"), strings(connection, "SELECT enabled::text FROM extras_eventrule"));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** The user's stored hash, recomputed with the JDK's own PBKDF2 independently of the code under test. */
    private static void assertAdminPassword(Connection connection, String user, String password) throws Exception {
        String stored = strings(connection, "SELECT password FROM users_user WHERE username = '" + user + "'").get(0);
        String[] fields = stored.split("\\$");
        assertEquals("pbkdf2_sha256", fields[0]);
        assertEquals("870000", fields[1]);
        KeySpec spec = new PBEKeySpec(password.toCharArray(), fields[2].getBytes(StandardCharsets.UTF_8),
                Integer.parseInt(fields[1]), 256);
        byte[] expected = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        assertEquals(Base64.getEncoder().encodeToString(expected), fields[3]);
        assertEquals(List.of("true"), strings(connection,
                "SELECT is_active::text FROM users_user WHERE username = '" + user + "'"));
    }

    /** Every credential-like value in the source: token keys, password hashes, the planted secrets. */
    private static Set<String> sourceSecrets() throws SQLException {
        Set<String> secrets = new HashSet<>();
        try (Connection connection = PG.connect(source42)) {
            secrets.addAll(strings(connection, "SELECT key FROM users_token"));
            secrets.addAll(strings(connection, "SELECT password FROM users_user"));
            secrets.addAll(strings(connection, "SELECT session_key FROM django_session"));
            secrets.addAll(strings(connection, "SELECT secret FROM extras_webhook"));
        }
        secrets.addAll(List.of("prod-ticket-token", "prod-git-password", "prod-s3-secret", "AKIAEXAMPLE",
                "prod-oauth-token", "netbox-sync", "prod-corp.example.com", "slackprodtoken123", "prod-query-key",
                "ghp_produrltoken", "prod-url-query", "prod-api-key", "prod-wifi-psk", "prod-partial-token",
                "prod-history-secret"));
        secrets.remove("");
        return secrets;
    }

    /** Tables of the database whose rows, as text, contain any of {@code secrets}. */
    private static List<String> tablesContaining(Connection connection, Set<String> secrets) throws SQLException {
        String regex = secrets.stream().map(ReplicateCommandTest::regexLiteral).collect(Collectors.joining("|"));
        List<String> found = new ArrayList<>();
        for (String table : strings(connection, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                + " WHERE schemaname = 'public' ORDER BY 1")) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table + " t WHERE t::text ~ "
                         + "'" + regex.replace("'", "''") + "'")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    found.add(table);
                }
            }
        }
        return found;
    }

    private static String regexLiteral(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Rows the copy must hold: all of the source's (every table's count), changelog included. */
    private static long sourceRows() {
        return source42Snapshot.rowChecksums().values().stream()
                .mapToLong(value -> Long.parseLong(value.substring(0, value.indexOf(':')))).sum();
    }

    private static DatabaseSnapshot without(DatabaseSnapshot snapshot, Set<String> tables) {
        SortedMap<String, String> rows = new TreeMap<>(snapshot.rowChecksums());
        rows.keySet().removeAll(tables);
        return new DatabaseSnapshot(snapshot.schema(), snapshot.schemaAbsentWhy(), rows, snapshot.sequences(),
                snapshot.largeObjects(), snapshot.privileges(), snapshot.objectCounts());
    }

    private String yaml(String name, String database, String redisUrl) throws Exception {
        String text = """
                profile: netbox
                postgres:
                  host: %s
                  port: %d
                  user: %s
                  database: %s
                """.formatted(PG.host(), PG.port(), PG.superuser(), database);
        if (redisUrl != null) {
            text += """
                    redis:
                      uri: %s
                      tasks_db: 0
                      cache_db: 1
                    """.formatted(redisUrl);
        }
        return Files.writeString(work.resolve(name + ".yml"), text).toString();
    }

    private static long count(Connection connection, String table) throws SQLException {
        return Long.parseLong(strings(connection, "SELECT count(*) FROM public." + table).get(0));
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(args, out, new PrintWriter(err, true), Environment.empty());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    private record Run(int code, String out, String err) {
    }

    /** The first group of a regular expression in a text, or a failure saying what was missing. */
    private record Matcher(String group) {
        static Matcher find(String regex, String text) {
            java.util.regex.Matcher matcher = Pattern.compile(regex).matcher(text);
            assertTrue(matcher.find(), "no match for " + regex + " in:\n" + text);
            assertNotNull(matcher.group(1));
            return new Matcher(matcher.group(1));
        }
    }
}
