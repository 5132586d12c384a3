package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.Oracles;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.S3Servers;
import dev.sotbackup.testing.S3TestServer;
import dev.sotbackup.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The restic-like commands as operators run them: init, backup of the NetBox v4.2 demo database, restore to an
 * identical database (local and S3), deduplication between backups, export for stock pg_restore, check,
 * forget --prune, keys, and one-line failures that never leak a secret.
 */
class RepositoryCommandsTest {

    private static final String PASSWORD = "correct horse battery staple";
    /** A device name of the fixture: it must never appear in clear in a repository file. */
    private static final String FIXTURE_TEXT = "dmi01-binghamton-rtr01";
    /** 1 MiB of scrypt memory: fast, same code path as the default cost. */
    private static final ScryptParams FAST_SCRYPT = new ScryptParams(1024, 8, 1);
    /**
     * Chunks scaled to the 2.7 MB fixture as the defaults (256 KiB / 1 MiB / 8 MiB) are to a multi-GB NetBox
     * database: a table of the fixture is then many chunks, as a real table is with the defaults.
     */
    private static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(4 * 1024, 16 * 1024, 64 * 1024);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer server;
    /** The loaded fixture; tests that change data work on their own copy (see {@link #copyOfSource()}). */
    private static String source;

    @TempDir
    Path work;

    @BeforeAll
    static void loadFixture() {
        server = PostgresServers.embedded(15);
        source = server.createDatabase("netbox_source");
        Fixtures.load(server, source, Fixtures.NETBOX_V42);
    }

    @ParameterizedTest(name = "{0} repository")
    @ValueSource(strings = {"local", "s3"})
    void backupRestoresToAnIdenticalDatabase(String location) throws Exception {
        Environment env = environment();
        String repo;
        if (location.equals("s3")) {
            S3TestServer s3 = S3Servers.start();
            repo = s3.repoUrl(s3.createUniqueBucket("cli"), "netbox/prod");
            env = env.withBackendOptions(s3.backendOptions());
        } else {
            repo = work.resolve("repo").toString();
        }
        Run init = cli(env, "init", "-r", repo);
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().startsWith("created sot-backup repository "), init.out());

        Run backup = cli(env, "backup", "-r", repo, "--postgres", server.conninfo(source), "-j", "2", "--tag", "nightly");
        assertEquals(0, backup.code(), backup.err());
        assertTrue(backup.out().matches("(?s).*snapshot [0-9a-f]{8} saved \\(NetBox 4\\.2\\)\\R"), backup.out());

        Run snapshots = cli(env, "snapshots", "-r", repo);
        assertEquals(0, snapshots.code(), snapshots.err());
        assertTrue(snapshots.out().contains("postgres/" + source), snapshots.out());
        assertTrue(snapshots.out().contains("1 snapshot"), snapshots.out());

        String target = server.createDatabase("restored");
        Run restore = cli(env, "restore", "latest", "-r", repo, "--postgres", server.conninfo(target), "-j", "2");
        assertEquals(0, restore.code(), restore.err());
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source), DatabaseSnapshot.capture(server, target));
        server.dropDatabase(target);

        Run check = cli(env, "check", "--read-data", "-r", repo);
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("no errors were found"), check.out());
    }

    @Test
    void unchangedDatabaseAddsAlmostNothingAndAOnePercentChangeAddsLittle() throws Exception {
        String database = copyOfSource();
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, work.resolve("repo").toString());
        assertEquals(0, cli(env, "init").code());

        long first = backupJson(env, database).get("bytes_added").asLong();
        JsonNode second = backupJson(env, database);
        assertTrue(second.get("bytes_added").asLong() <= first / 100,
                "unchanged database added " + second + " after a first backup adding " + first);

        // About 1 % more rows in the biggest table (extras_cachedvalue, 13 646 rows, half the data).
        try (var connection = server.connect(database); var statement = connection.createStatement()) {
            int inserted = statement.executeUpdate("INSERT INTO public.extras_cachedvalue "
                    + "SELECT gen_random_uuid(), \"timestamp\", object_id + 1000000, field, type, value || ' (copy)', "
                    + "weight, object_type_id FROM public.extras_cachedvalue ORDER BY id LIMIT 137");
            assertEquals(137, inserted);
        }
        JsonNode third = backupJson(env, database);
        assertTrue(third.get("bytes_added").asLong() <= first * 5 / 100,
                "1 % more rows added " + third + " after a first backup adding " + first);
        for (String field : List.of("snapshot_id", "bytes_processed", "bytes_added", "duration_ms")) {
            assertTrue(third.has(field), third + " lacks " + field);
        }

        String target = server.createDatabase("restored");
        Run restore = cli(env, "restore", third.get("snapshot_id").asText().substring(0, 8),
                "--postgres", server.conninfo(target));
        assertEquals(0, restore.code(), restore.err());
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, database), DatabaseSnapshot.capture(server, target));
        server.dropDatabase(target);
        server.dropDatabase(database);
    }

    @Test
    void exportedCustomArchiveIsReadByStockPgRestore() throws Exception {
        Path pgRestore = Oracles.require("pg_restore", server);
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, work.resolve("repo").toString());
        assertEquals(0, cli(env, "init").code());
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(source)).code());
        Path archive = work.resolve("netbox.pgsql");

        Run export = cli(env, "export", "latest", "-F", "c", "-f", archive.toString(), "-j", "2");
        assertEquals(0, export.code(), export.err());

        Oracles.ToolResult list = Oracles.run(true, List.of(pgRestore.toString(), "-l", archive.toString()));
        assertTrue(list.stdout().contains("TABLE DATA public dcim_device"), list.stdout());
        String target = server.createDatabase("from_export");
        Oracles.run(true, List.of(pgRestore.toString(), "-d", server.conninfo(target), archive.toString()));
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source), DatabaseSnapshot.capture(server, target));
        server.dropDatabase(target);
    }

    @Test
    void exportedDirectoryArchiveRestoresWithPgRestoreCommand() throws Exception {
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, work.resolve("repo").toString());
        assertEquals(0, cli(env, "init").code());
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(source)).code());
        Path archive = work.resolve("netbox.dir");
        Run export = cli(env, "export", "latest", "-F", "d", "-f", archive.toString());
        assertEquals(0, export.code(), export.err());

        String target = server.createDatabase("from_export");
        Run restore = cli(env, "pg", "restore", "-j", "2", "-d", server.conninfo(target), archive.toString());
        assertEquals(0, restore.code(), restore.err());
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source), DatabaseSnapshot.capture(server, target));
        server.dropDatabase(target);
    }

    @Test
    void repositoryFilesHoldNoPlaintextAndCheckPasses() throws Exception {
        Path repo = work.resolve("repo");
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, repo.toString());
        assertEquals(0, cli(env, "init").code());
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(source)).code());
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(source)).code());

        // The fixture loaded as expected, so the search below looks for text that really was backed up.
        try (var connection = server.connect(source); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM dcim_device WHERE name = '" + FIXTURE_TEXT + "'")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(repo)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 5, files.toString());
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            for (String secret : List.of(FIXTURE_TEXT, PASSWORD, "extras_cachedvalue")) {
                assertFalse(contains(content, secret.getBytes(StandardCharsets.UTF_8)),
                        file + " holds \"" + secret + "\" in clear");
            }
        }

        Run check = cli(env, "check");
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("no errors were found"), check.out());
        Run stats = cli(env, "stats", "--json");
        assertEquals(0, stats.code(), stats.err());
        JsonNode totals = JSON.readTree(stats.out());
        assertEquals(2, totals.get("snapshots").asInt());
        assertTrue(totals.get("dedup_ratio").asDouble() > 1.0, totals.toString());
    }

    @Test
    void checkReportsACorruptObjectOnOneLineAndExitsOne() throws Exception {
        Path repo = work.resolve("repo");
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, repo.toString());
        assertEquals(0, cli(env, "init").code());
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(source), "-t", "dcim_site").code());
        Path pack;
        try (Stream<Path> walk = Files.walk(repo.resolve("data"))) {
            pack = walk.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 2] ^= 1;
        Files.write(pack, bytes);

        Run check = cli(env, "check", "--read-data");
        assertEquals(1, check.code(), check.out() + check.err());
        String packName = "data/" + pack.getParent().getFileName() + "/" + pack.getFileName();
        assertTrue(check.out().lines().anyMatch(line -> line.startsWith(packName + ": ")), check.out());
        assertEquals(1, check.err().lines().count(), check.err());
        assertTrue(check.err().startsWith("sot-backup: error: check found "), check.err());
    }

    @Test
    void forgetKeepLastOneWithPruneLeavesOneSnapshotThatStillRestores() throws Exception {
        String database = copyOfSource();
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, work.resolve("repo").toString());
        assertEquals(0, cli(env, "init").code());
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(database)).code());
        try (var connection = server.connect(database); var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM public.extras_cachedvalue WHERE object_id % 2 = 0");
        }
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(database)).code());

        Run dryRun = cli(env, "forget", "--keep-last", "1", "--dry-run", "--json");
        assertEquals(0, dryRun.code(), dryRun.err());
        assertEquals(1, JSON.readTree(dryRun.out()).get("remove").size());
        assertEquals(2, JSON.readTree(cli(env, "snapshots", "--json").out()).size());

        Run forget = cli(env, "forget", "--keep-last", "1", "--prune", "--json");
        assertEquals(0, forget.code(), forget.err());
        JsonNode result = JSON.readTree(forget.out());
        assertEquals(1, result.get("keep").size());
        assertEquals(1, result.get("remove").size());
        assertTrue(result.get("prune").get("bytes_freed").asLong() > 0, result.toString());

        JsonNode snapshots = JSON.readTree(cli(env, "snapshots", "--json").out());
        assertEquals(1, snapshots.size());
        assertEquals(result.get("keep").get(0).get("id"), snapshots.get(0).get("id"));
        assertEquals(0, cli(env, "check", "--read-data").code());

        String target = server.createDatabase("restored");
        Run restore = cli(env, "restore", "latest", "--postgres", server.conninfo(target));
        assertEquals(0, restore.code(), restore.err());
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, database), DatabaseSnapshot.capture(server, target));
        server.dropDatabase(target);
        server.dropDatabase(database);
    }

    @Test
    void aOneTableBackupNeitherPushesTheFullOneOutOfKeepLastNorBecomesLatest() throws Exception {
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, work.resolve("repo").toString());
        assertEquals(0, cli(env, "init").code());
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(source), "--tag", "nightly").code());
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(source), "-t", "dcim_site",
                "--tag", "one-table").code());

        Run listing = cli(env, "snapshots");
        assertEquals(0, listing.code(), listing.err());
        List<String> lines = listing.out().lines().toList();
        assertTrue(lines.getFirst().matches("ID +Time +Host +Deployment +Tags +Application +Size +Scope +Components"),
                listing.out());
        assertTrue(lines.get(2).matches("[0-9a-f]{8} .* generic +nightly +NetBox 4\\.2 +[0-9.]+ [KMG]?i?B +full "
                + "+postgres/" + source), listing.out());
        assertTrue(lines.get(3).matches("[0-9a-f]{8} .* generic +one-table +NetBox 4\\.2 +[0-9.]+ [KMG]?i?B +partial +"
                + "postgres/" + source + " \\(-t dcim_site\\)"), listing.out());

        Run forget = cli(env, "forget", "--keep-last", "1", "--json");
        assertEquals(0, forget.code(), forget.err());
        JsonNode result = JSON.readTree(forget.out());
        assertEquals(0, result.get("remove").size(), forget.out());
        assertEquals(2, result.get("groups").size(), forget.out());
        assertEquals("last", result.get("groups").get(0).get("keep").get(0).get("reasons").get(0).asText());

        String target = server.createDatabase("restored");
        Run restore = cli(env, "restore", "latest", "--postgres", server.conninfo(target));
        assertEquals(0, restore.code(), restore.err());
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source), DatabaseSnapshot.capture(server, target));
        server.dropDatabase(target);

        Path oneTable = work.resolve("one-table.pgsql");
        Run export = cli(env, "export", "latest", "--tag", "one-table", "-f", oneTable.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.err().startsWith("sot-backup: note: latest --tag one-table is a partial snapshot, "),
                export.err());
        Run list = cli(env, "pg", "restore", "-l", oneTable.toString());
        assertTrue(list.out().contains("TABLE DATA public dcim_site"), list.out());
        assertFalse(list.out().contains("TABLE DATA public dcim_device"), list.out());
    }

    @Test
    void restoreWithReplaceSwapsTheSnapshotInForAnExistingDatabase() throws Exception {
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, work.resolve("repo").toString());
        assertEquals(0, cli(env, "init").code());
        assertEquals(0, cli(env, "backup", "--postgres", server.conninfo(source)).code());
        String target = server.createDatabase("replaced");
        try (var connection = server.connect(target); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE stale (id int)");
        }
        Run restore = cli(env, "restore", "latest", "--replace", "--drop-previous",
                "--postgres", server.conninfo(target));
        assertEquals(0, restore.code(), restore.err());
        DatabaseSnapshot.assertSame(DatabaseSnapshot.capture(server, source), DatabaseSnapshot.capture(server, target));
        server.dropDatabase(target);
    }

    @Test
    void wrongPasswordFailsWithOneLineAndNoStackTrace() {
        String repo = work.resolve("repo").toString();
        assertEquals(0, cli(environment(), "init", "-r", repo).code());

        Run run = cli(environment().withVariable(RepositoryOptions.PASSWORD_VARIABLE, "not the password"),
                "snapshots", "-r", repo);
        assertEquals(1, run.code());
        assertEquals("sot-backup: error: wrong password or no key found for local:" + Path.of(repo).toAbsolutePath(),
                run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void missingRepositoryFailsWithOneLineSayingToRunInit() {
        Path missing = work.resolve("nowhere");
        Run run = cli(environment(), "snapshots", "-r", missing.toString());
        assertEquals(1, run.code());
        assertEquals("sot-backup: error: no repository at local:" + missing.toAbsolutePath() + ": run sot-backup init",
                run.err().strip());
        assertFalse(Files.exists(missing), "a failed open must not create the location");
    }

    @Test
    void initRefusesANonEmptyLocation() throws IOException {
        Path repo = work.resolve("repo");
        assertEquals(0, cli(environment(), "init", "-r", repo.toString()).code());
        Run again = cli(environment(), "init", "-r", repo.toString());
        assertEquals(1, again.code());
        assertEquals(1, again.err().lines().count(), again.err());
        assertTrue(again.err().contains("not empty"), again.err());
    }

    @Test
    void passwordIsNeverACommandLineValue() throws IOException {
        String repo = work.resolve("repo").toString();
        Run withOption = cli(environment(), "init", "-r", repo, "--password", PASSWORD);
        assertEquals(2, withOption.code());
        assertFalse(withOption.err().contains(PASSWORD), withOption.err());

        Run withoutPassword = cli(environment().withVariable(RepositoryOptions.PASSWORD_VARIABLE, null), "init", "-r", repo);
        assertEquals(2, withoutPassword.code());
        assertTrue(withoutPassword.err().contains("SOT_BACKUP_PASSWORD"), withoutPassword.err());

        Run noRepo = cli(environment(), "snapshots");
        assertEquals(2, noRepo.code());
        assertTrue(noRepo.err().contains("SOT_BACKUP_REPO"), noRepo.err());
    }

    @Test
    void passwordFileAndAddedKeysOpenTheRepository() throws IOException {
        String repo = work.resolve("repo").toString();
        Path passwordFile = work.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\nsecond line is ignored\n");
        Environment noPassword = environment().withVariable(RepositoryOptions.PASSWORD_VARIABLE, null);
        assertEquals(0, cli(noPassword, "init", "-r", repo, "--password-file", passwordFile.toString()).code());

        Run add = cli(environment().withVariable(KeyCommand.NEW_PASSWORD_VARIABLE, "another secret"),
                "key", "add", "-r", repo);
        assertEquals(0, add.code(), add.err());
        String newKey = add.out().strip().substring("saved new key ".length());

        Environment withNewPassword = environment().withVariable(RepositoryOptions.PASSWORD_VARIABLE, "another secret");
        Run list = cli(withNewPassword, "key", "list", "-r", repo);
        assertEquals(0, list.code(), list.err());
        assertEquals(3, list.out().lines().count(), list.out());
        assertTrue(list.out().lines().anyMatch(line -> line.startsWith(" * " + newKey)), list.out());

        Run removeInUse = cli(withNewPassword, "key", "remove", newKey, "-r", repo);
        assertEquals(1, removeInUse.code());
        assertEquals(1, removeInUse.err().lines().count(), removeInUse.err());
        Run remove = cli(noPassword, "key", "remove", newKey, "-r", repo, "--password-file", passwordFile.toString());
        assertEquals(0, remove.code(), remove.err());
        assertEquals(1, cli(withNewPassword, "snapshots", "-r", repo).code());

        assertEquals(0, cli(environment(), "unlock", "-r", repo).code());
        assertEquals(0, cli(environment(), "prune", "-r", repo).code());
    }

    @Test
    void backupOfAMissingTableSavesNoSnapshot() throws IOException {
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, work.resolve("repo").toString());
        assertEquals(0, cli(env, "init").code());
        Run missing = cli(env, "backup", "--postgres", server.conninfo(source), "-t", "nosuchtable");
        assertOneError(missing, "postgres " + source + ": no matching tables were found");
        Run strict = cli(env, "backup", "--postgres", server.conninfo(source), "-t", "dcim_site", "-t", "nosuch",
                "--strict-names");
        assertOneError(strict, "no matching tables were found for pattern \"nosuch\"");
        Run schema = cli(env, "backup", "--postgres", server.conninfo(source), "-n", "nosuchschema");
        assertOneError(schema, "no matching schemas were found");
        assertEquals("[]", cli(env, "snapshots", "--json").out().strip(), "no snapshot was saved");

        Run exclusions = cli(env, "backup", "--postgres", server.conninfo(source), "-t", "dcim_site",
                "--strict-names", "-T", "nosuch", "--exclude-table-data", "nosuch");
        assertEquals(0, exclusions.code(), exclusions.err());
    }

    @Test
    void passwordFilesAreReadWithABound() throws IOException {
        String repo = work.resolve("repo").toString();
        assertEquals(0, cli(environment(), "init", "-r", repo).code());
        Environment noPassword = environment().withVariable(RepositoryOptions.PASSWORD_VARIABLE, null);
        Run zero = cli(noPassword, "snapshots", "-r", repo, "--password-file", "/dev/zero");
        assertOneError(zero, "--password-file \"/dev/zero\" is not a regular file");
        Path huge = Files.write(work.resolve("huge"), new byte[(64 << 10) + 1]);
        Run big = cli(noPassword, "snapshots", "-r", repo, "--password-file", huge.toString());
        assertOneError(big, "--password-file \"" + huge + "\" is larger than 64 KiB");
        Run newKey = cli(environment(), "key", "add", "-r", repo, "--new-password-file", "/dev/zero");
        assertOneError(newKey, "--new-password-file \"/dev/zero\" is not a regular file");
    }

    @Test
    void aRepositoryLocationWithASecretIsNeverEchoed() {
        for (String repo : new String[] {"s3:https://key:Pl4nted@127.0.0.1:9/bucket", "s3:key:Pl4nted@h:9/bucket",
                "sftp://user:Pl4nted@host/srv/repo"}) {
            Run run = cli(environment(), "snapshots", "-r", repo);
            assertOneError(run, "");
            assertFalse(run.err().contains("Pl4nted"), run.err());
        }
    }

    @Test
    void jobsOutOfRangeAreUsageErrors() {
        Environment env = environment().withVariable(RepositoryOptions.REPO_VARIABLE, work.resolve("repo").toString());
        for (String[] args : List.of(new String[] {"restore", "latest", "--postgres", "x", "-j", "0"},
                new String[] {"verify", "latest", "--scratch", "postgres", "-j", "1025"},
                new String[] {"export", "latest", "-j", "-3"}, new String[] {"export", "latest", "-Z", "12"},
                new String[] {"backup", "--postgres", "x", "-j", "100000"})) {
            Run run = cli(env, args);
            assertEquals(2, run.code(), String.join(" ", args) + ": " + run);
            assertTrue(run.err().startsWith("sot-backup: -j/--jobs must be in range 1..1024")
                    || run.err().startsWith("sot-backup: -Z/--compress must be in range 0..9"), run.err());
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static void assertOneError(Run run, String expected) {
        assertEquals(1, run.code(), run.toString());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("sot-backup: error: ") && lines.get(0).contains(expected), run.err());
    }

    private static Environment environment() {
        return Environment.empty()
                .withVariable(RepositoryOptions.PASSWORD_VARIABLE, PASSWORD)
                .withInitParameters(FAST_SCRYPT, SMALL_CHUNKS);
    }

    /** A fresh copy of the fixture database, for tests that change data. */
    private static String copyOfSource() {
        String name = server.createDatabase("netbox_copy");
        server.dropDatabase(name);
        server.execute("CREATE DATABASE " + name + " TEMPLATE " + source);
        return name;
    }

    private static JsonNode backupJson(Environment env, String database) throws IOException {
        Run run = cli(env, "backup", "--json", "--postgres", server.conninfo(database));
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        return JSON.readTree(lines.getLast());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Run cli(Environment env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(args, out, new PrintWriter(err, true), env);
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "stack trace: " + run.err());
        assertFalse(run.out().contains(PASSWORD) || run.err().contains(PASSWORD), "password printed: " + run);
        return run;
    }

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + err;
        }
    }
}
