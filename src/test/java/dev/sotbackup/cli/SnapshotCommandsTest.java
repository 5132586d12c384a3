package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing, filtering, forgetting and resolving snapshots, check's partial reads and the repository's file modes,
 * on backups of a directory (no database needed).
 */
class SnapshotCommandsTest {
    private static final String PASSWORD = "snapshot commands";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private Environment env;
    private Path media;

    @BeforeEach
    void repositoryAndADirectory() throws Exception {
        env = CommandRun.repositoryEnvironment(work.resolve("repo"), PASSWORD);
        media = Files.createDirectories(work.resolve("media"));
        Files.writeString(media.resolve("rack.png"), "not really a png");
    }

    @Test
    void snapshotsShowsAndFiltersByTagHostDeploymentAndScope() throws Exception {
        assertEquals(0, cli("init").code());
        assertEquals(0, cli("backup", "--dir", "media=" + media, "--tag", "nightly", "--host", "db1").code());
        assertEquals(0, cli("backup", "--dir", "media=" + media, "--tag", "weekly,offsite", "--host", "db2").code());
        assertEquals(0, cli("backup", "-c", deployment("prod").toString(), "--tag", "nightly").code());

        assertEquals(3, snapshots().size());
        assertEquals(List.of("db1"), hosts(snapshots("--tag", "nightly", "--host", "db1")));
        assertEquals(List.of("db1", "db2"), hosts(snapshots("--tag", "weekly", "--tag", "nightly", "--host", "db1",
                "--host", "db2")));
        assertEquals(List.of("db2"), hosts(snapshots("--tag", "weekly,offsite")));
        assertEquals(0, snapshots("--tag", "weekly,nightly").size());
        JsonNode prod = snapshots("--deployment", "prod").get(0);
        assertEquals(List.of("nightly"), List.of(prod.get("tags").get(0).asText()));
        assertTrue(prod.get("scope").get("full").asBoolean(), prod.toString());
        assertEquals("full: files/media", prod.get("scope").get("description").asText());
        assertTrue(prod.get("size").asLong() > 0, prod.toString());
        assertEquals(3, snapshots("--scope", "full").size());
        assertEquals(0, snapshots("--scope", "partial").size());

        CommandRun table = cli("snapshots", "--host", "db2");
        assertTrue(table.out().lines().anyMatch(line -> line.matches(
                "[0-9a-f]{8}  .* db2  +generic +weekly,offsite +[0-9]+ B +full +files/media")), table.out());
        assertTrue(table.out().endsWith("1 snapshot\n"), table.out());
        CommandRun badScope = cli("snapshots", "--scope", "most");
        assertEquals(2, badScope.code());
        assertTrue(badScope.err().startsWith("sot-backup: --scope takes full or partial, not \"most\""),
                badScope.err());
    }

    @Test
    void forgetShowsPerGroupWhatItKeepsWhyAndWhatItRemoves() throws Exception {
        assertEquals(0, cli("init").code());
        for (int i = 0; i < 3; i++) {
            assertEquals(0, cli("backup", "--dir", "media=" + media).code());
        }
        assertEquals(0, cli("backup", "-c", deployment("prod").toString()).code());

        CommandRun dryRun = cli("forget", "--keep-last", "1", "--dry-run");
        assertEquals(0, dryRun.code(), dryRun.toString());
        List<String> lines = dryRun.out().lines().toList();
        assertEquals("snapshots of deployment generic, full: files/media:", lines.get(0));
        assertEquals("keep 1 snapshot:", lines.get(1));
        assertTrue(lines.get(2).matches("ID +Time +Host +Deployment +Tags +Reasons +Application +Size +Scope "
                + "+Components"), lines.get(2));
        assertTrue(lines.get(4).matches("[0-9a-f]{8} .* generic +last +[0-9]+ B +full +files/media"), lines.get(4));
        assertEquals("would remove 2 snapshots:", lines.get(6));
        assertTrue(dryRun.out().contains("\nsnapshots of deployment prod, full: files/media:\nkeep 1 snapshot:\n"),
                dryRun.out());
        assertEquals(4, snapshots().size(), "a dry run removes nothing");

        CommandRun onlyProd = cli("forget", "--keep-last", "1", "--group-by", "", "--deployment", "generic",
                "--json");
        assertEquals(0, onlyProd.code(), onlyProd.toString());
        assertEquals(2, JSON.readTree(onlyProd.out()).get("remove").size());
        assertEquals(2, snapshots().size());

        CommandRun badGroup = cli("forget", "--keep-last", "1", "--group-by", "host,paths");
        assertEquals(2, badGroup.code());
        assertTrue(badGroup.err().startsWith("sot-backup: --group-by takes host, deployment, scope and tags, "
                + "comma-separated, not \"paths\""), badGroup.err());
    }

    @Test
    void latestNeverPicksAcrossDeploymentsSilently() throws Exception {
        assertEquals(0, cli("init").code());
        Path prodFile = deployment("prod");
        Path devFile = deployment("dev");
        assertEquals(0, cli("backup", "-c", prodFile.toString()).code());
        CommandRun dev = cli("backup", "-c", devFile.toString(), "--json");
        assertEquals(0, dev.code(), dev.toString());
        String devId = JSON.readTree(dev.out()).get("snapshot_id").asText();

        Path target = work.resolve("restored");
        CommandRun ambiguous = cli("restore", "latest", "--dir", "media=" + target);
        assertEquals(1, ambiguous.code(), ambiguous.toString());
        assertTrue(ambiguous.err().startsWith("sot-backup: error: latest is ambiguous: snapshots of deployment prod "
                + "(newest "), ambiguous.err());
        assertEquals(1, ambiguous.err().lines().count(), ambiguous.err());

        CommandRun chosen = cli("restore", "latest", "--deployment", "prod", "--dir", "media=" + target, "--json");
        assertEquals(0, chosen.code(), chosen.toString());
        assertEquals("not really a png", Files.readString(target.resolve("rack.png")));
        CommandRun own = cli("restore", "latest", "-c", devFile.toString(), "--json");
        assertEquals(0, own.code(), own.toString());
        assertEquals(devId, JSON.readTree(own.out()).get("snapshot_id").asText(), "-c FILE prefers its deployment");
    }

    @Test
    void checkReadsASubsetOfThePacksOnRequest() throws Exception {
        assertEquals(0, cli("init").code());
        assertEquals(0, cli("backup", "--dir", "media=" + media).code());

        CommandRun all = cli("check", "--read-data-subset", "1/1");
        assertEquals(0, all.code(), all.toString());
        assertTrue(all.out().matches("checked 1 snapshot, the sizes of ([1-9][0-9]*) packs? and the content of \\1 "
                + "of them: no errors were found\\R"), all.out());
        for (String[] bad : List.of(new String[] {"--read-data-subset", "3/2"},
                new String[] {"--read-data", "--read-data-subset", "1/2"})) {
            String[] args = Stream.concat(Stream.of("check"), Stream.of(bad)).toArray(String[]::new);
            CommandRun refused = cli(args);
            assertEquals(2, refused.code(), refused.toString());
            assertTrue(refused.err().startsWith("sot-backup: --read-data"), refused.err());
        }
    }

    @Test
    void initIntoAnExistingEmptyDirectoryLeavesEveryRepositoryFileOwnerOnly() throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        Files.setPosixFilePermissions(repo, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(0, cli("init").code());
        assertEquals(0, cli("backup", "--dir", "media=" + media).code());

        try (Stream<Path> paths = Files.walk(repo)) {
            for (Path path : paths.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                assertEquals(Files.isDirectory(path) ? "rwx------" : "rw-------", mode, path.toString());
            }
        }
    }

    /** A deployment file named {@code name} whose one store is the media directory. */
    private Path deployment(String name) throws Exception {
        Path file = work.resolve(name + ".yml");
        Files.writeString(file, "profile: generic\nname: " + name + "\ndirectories:\n  media: " + media + "\n");
        return file;
    }

    private JsonNode snapshots(String... filters) throws Exception {
        String[] args = Stream.concat(Stream.of("snapshots", "--json"), Stream.of(filters)).toArray(String[]::new);
        CommandRun run = cli(args);
        assertEquals(0, run.code(), run.toString());
        return JSON.readTree(run.out());
    }

    private static List<String> hosts(JsonNode snapshots) {
        return Stream.iterate(0, i -> i < snapshots.size(), i -> i + 1)
                .map(i -> snapshots.get(i).get("hostname").asText()).toList();
    }

    private CommandRun cli(String... args) {
        return CommandRun.of(env, args, PASSWORD);
    }
}
