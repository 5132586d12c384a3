package dev.sotbackup.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.testing.DatabaseSnapshot;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment of several databases is swapped in as a unit: all of them, or none. */
class DeploymentRestoreTest {

    private static final TestServer server = PostgresServers.embedded(15);

    @TempDir
    Path work;

    @Test
    void whenTheSecondDatabaseCannotBeSwappedInTheFirstIsSwappedBack() throws Exception {
        String first = database("unit_a", "CREATE TABLE public.device (id int); INSERT INTO public.device VALUES (1)");
        String second = database("unit_b", "CREATE TABLE public.token (id int); INSERT INTO public.token VALUES (2)");
        Repository repository = Repository.init(new LocalBackend(work.resolve("repo")), "pw".toCharArray(),
                new ScryptParams(1024, 8, 1), new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024));
        Deployment deployment = new Deployment("unit", Profile.GENERIC, List.of(
                new Deployment.Database(first, ConnInfo.parse(server.conninfo(first))),
                new Deployment.Database(second, ConnInfo.parse(server.conninfo(second)))), null, Map.of(), null,
                List.of());
        Snapshot snapshot = DeploymentBackup.backup(repository, deployment, new DeploymentBackup.Plan(
                CatalogOptions.everything(), 1, false, false, RedisSelection.all(), Map.of(), List.of(), "test-host",
                "test"), Reporter.silent()).snapshot();
        // The deployment moves on after the backup: a restore must bring this back, or leave it.
        for (String db : List.of(first, second)) {
            execute(db, "CREATE TABLE public.after_the_backup (id int)");
        }
        DatabaseSnapshot firstBefore = DatabaseSnapshot.capture(server, first);
        DatabaseSnapshot secondBefore = DatabaseSnapshot.capture(server, second);

        // Right before the second swap, a database takes the name its previous contents were to be kept under,
        // so the second swap fails after the first one committed.
        Pattern secondSwap = Pattern.compile("swapping \\S+ in as " + second + ", previous kept as (\\S+)");
        List<String> progress = new CopyOnWriteArrayList<>();
        DeploymentRestore.Plan plan = DeploymentRestore.Plan.forDeployment(RestoreOptions.defaults());
        DeploymentRestore.Preflight preflight = DeploymentRestore.preflight(snapshot, deployment, plan);
        DeploymentRestore.Incomplete failure = assertThrows(DeploymentRestore.Incomplete.class,
                () -> DeploymentRestore.restore(repository, preflight, plan, Reporter.lines(line -> {
                    progress.add(line);
                    Matcher m = secondSwap.matcher(line);
                    if (m.matches()) {
                        server.execute("CREATE DATABASE " + m.group(1));
                    }
                })));

        String taken = progress.stream().map(secondSwap::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no second swap in " + progress)).group(1);
        try {
            assertTrue(failure.getMessage().contains("could not swap the restored database in; database " + second
                    + " is untouched"), failure.getMessage());
            assertTrue(failure.aftermath().startsWith("database " + first + " swapped back (scratch database "
                    + first + "_sotrestore_"), failure.aftermath());
            assertTrue(progress.stream().anyMatch(l -> l.startsWith("swapping " + first + " back")), progress.toString());
            DatabaseSnapshot.assertSame(firstBefore, DatabaseSnapshot.capture(server, first));
            DatabaseSnapshot.assertSame(secondBefore, DatabaseSnapshot.capture(server, second));
            assertEquals(List.of(first), databasesStartingWith(first), "no scratch or kept database");
            assertEquals(List.of(second, taken), databasesStartingWith(second), "only the one the test made");
        } finally {
            server.dropDatabase(taken);
            server.dropDatabase(first);
            server.dropDatabase(second);
        }
    }

    private static String database(String prefix, String sql) throws Exception {
        String name = server.createDatabase(prefix);
        execute(name, sql);
        return name;
    }

    private static void execute(String database, String sql) throws Exception {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> databasesStartingWith(String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = server.connect("postgres");
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY 1")) {
            statement.setString(1, prefix);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }
}
