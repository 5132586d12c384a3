package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.postgres.repo.StoredArchive;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import dev.sotbackup.repository.backend.Backends;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.testing.Fixtures;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.RedisServers;
import dev.sotbackup.testing.TestServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** {@code verify}: the restore drill passes on a good snapshot and catches data that is not what was backed up. */
class VerifyCommandTest {

    private static final String PASSWORD = "verify test";

    @TempDir
    Path work;

    @Test
    void aGoodSnapshotVerifiesAndATamperedOneDoesNot() throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String source = pg.createDatabase("verify_src");
        Fixtures.load(pg, source, Fixtures.NETBOX_V42);
        try (RedisServers.Server redis = RedisServers.start(); RedisServers.Server scratchRedis = RedisServers.start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.rpush("rq:queue:default", "a", "b");
                jedis.set("rq:job:a", "queued");
            }
            Environment env = environment();
            assertEquals(0, cli(env, "init").code());
            CommandRun backup = cli(env, "backup", "--postgres", pg.conninfo(source), "--redis", redis.url());
            assertEquals(0, backup.code(), backup.err());

            String scratch = pg.conninfo("postgres");
            CommandRun good = cli(env, "verify", "latest", "--scratch", scratch, "--scratch-redis", scratchRedis.url());
            assertEquals(0, good.code(), good.toString());
            assertTrue(good.out().contains("ok       postgres/" + source), good.out());
            assertTrue(good.out().contains("ok       redis/"), good.out());
            assertTrue(good.out().matches("(?s).*snapshot [0-9a-f]{8} \\(NetBox 4\\.2\\) verified: restore took "
                    + "[0-9.]+ s \\(RTO\\).*"), good.out());
            assertEquals(List.of(), scratchDatabases(pg), "the drill drops what it created");
            try (Jedis jedis = new Jedis("127.0.0.1", scratchRedis.port())) {
                assertEquals(0, jedis.dbSize(), "and empties the scratch Redis again");
            }

            CommandRun json = cli(env, "verify", "latest", "--scratch", scratch, "--json");
            assertEquals(0, json.code(), json.toString());
            JsonNode report = new ObjectMapper().readTree(json.out());
            assertTrue(report.get("ok").asBoolean());
            assertTrue(report.get("tables_checked").asInt() > 100, json.out());
            assertEquals(0, report.get("tables_mismatched").asInt());

            // Someone with the key rewrites a table's stored data: one row of the search cache disappears.
            tamper(env, "extras_cachedvalue");
            CommandRun bad = cli(env, "verify", "latest", "--scratch", scratch);
            assertEquals(SotBackup.EXIT_VERIFY_MISMATCH, bad.code(), bad.toString());
            assertTrue(bad.out().contains("MISMATCH postgres/" + source), bad.out());
            assertTrue(bad.out().contains("public.extras_cachedvalue"), bad.out());
            assertTrue(bad.out().contains("FAILED verification"), bad.out());
            assertEquals(List.of(), scratchDatabases(pg));
        }
    }

    @Test
    void aCorruptedPackIsOneErrorLine() throws Exception {
        TestServer pg = PostgresServers.embedded(15);
        String source = pg.createDatabase("verify_corrupt");
        try (Connection connection = pg.connect(source); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 20000) g");
        }
        Environment env = environment();
        assertEquals(0, cli(env, "init").code());
        assertEquals(0, cli(env, "backup", "--postgres", pg.conninfo(source)).code());
        List<Path> packs;
        try (Stream<Path> files = Files.walk(work.resolve("repo/data"))) {
            packs = files.filter(Files::isRegularFile).toList();
        }
        for (Path pack : packs) {
            byte[] bytes = Files.readAllBytes(pack);
            bytes[bytes.length / 3] ^= 0x5a;
            Files.write(pack, bytes);
        }
        CommandRun run = cli(env, "verify", "latest", "--scratch", pg.conninfo("postgres"));
        assertEquals(1, run.code(), run.toString());
        List<String> errors = run.err().lines().filter(l -> l.startsWith("sot-backup: error:")).toList();
        assertEquals(1, errors.size(), run.err());
        assertEquals(List.of(), scratchDatabases(pg), "a failed drill drops its scratch database too");
    }

    /** Commits a copy of the latest snapshot in which {@code table}'s stored rows lack their first row. */
    private void tamper(Environment env, String table) throws Exception {
        try (var backend = Backends.open(work.resolve("repo").toString(), env.backendOptions());
             Repository repo = Repository.open(backend, PASSWORD.toCharArray())) {
            Snapshot latest = repo.loadSnapshot(repo.resolveSnapshot("latest"));
            List<Component> components = new ArrayList<>();
            try (BackupSession session = repo.startBackup("tamperer", 1)) {
                for (Component component : latest.components()) {
                    if (!component.kind().equals(PostgresBody.KIND)) {
                        components.add(component);
                        continue;
                    }
                    PostgresBody body = component.body(PostgresBody.class).orElseThrow();
                    try (StoredArchive archive = PostgresComponent.open(repo, component)) {
                        TocEntry entry = archive.toc().dataEntries().stream()
                                .filter(e -> e.tag().equals(table)).findFirst().orElseThrow();
                        byte[] data;
                        try (InputStream in = archive.openData(entry)) {
                            data = in.readAllBytes();
                        }
                        String text = new String(data, StandardCharsets.UTF_8);
                        byte[] withoutFirstRow = text.substring(text.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8);
                        StreamWriter stream = session.newStream();
                        stream.write(withoutFirstRow);
                        StreamResult stored = stream.finish();
                        Map<Integer, PostgresBody.DataEntry> entries = new LinkedHashMap<>(body.data());
                        PostgresBody.DataEntry recorded = entries.get(entry.dumpId());
                        entries.put(entry.dumpId(), new PostgresBody.DataEntry(stored.blobs(), stored.bytes(),
                                recorded.rows(), recorded.checksum()));
                        body = new PostgresBody(body.version(), body.database(), body.serverVersion(),
                                body.capturedAt(), body.toc(), entries, body.largeObjects(), body.tables(),
                                body.copySettings());
                    }
                    components.add(new Component(component.name(), body));
                }
                session.commit(Snapshot.of(java.time.Instant.now(), "tampered", List.of(), components)
                        .withDeployment(latest.deployment()));
            }
        }
    }

    private static List<String> scratchDatabases(TestServer pg) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = pg.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'sot_verify_%'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private Environment environment() {
        return CommandRun.repositoryEnvironment(work.resolve("repo"), PASSWORD);
    }

    private static CommandRun cli(Environment env, String... args) {
        return CommandRun.of(env, args, PASSWORD);
    }
}
