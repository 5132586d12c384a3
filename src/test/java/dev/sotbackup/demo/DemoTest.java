package dev.sotbackup.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sotbackup.cli.Environment;
import dev.sotbackup.cli.SotBackup;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, in-process: servers, generate, back up, restore, verify, check, stop. */
class DemoTest {

    private static final List<String> STEPS = List.of("servers", "generate", "describe", "init", "backup",
            "restore", "compare", "verify", "check", "stop");

    @Test
    void demoPassesAndPrintsEveryStep() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(new String[] {"demo", "--size", "2M"}, stdout, new PrintWriter(err, true),
                Environment.empty());
        String out = stdout.toString(StandardCharsets.UTF_8);
        System.out.print(out); // into the surefire report: what the demo printed, with its timings
        assertEquals(0, code, out + err);
        assertEquals("", err.toString(), "nothing on standard error (no server or library logging)");
        for (String step : STEPS) {
            assertTrue(Pattern.compile("(?m)^  " + step + " +\\d+\\.\\d s  \\S").matcher(out).find(),
                    "step line for " + step + " in:\n" + out);
        }
        assertTrue(out.contains("B = A: "), out);
        assertTrue(out.contains(" --scratch: 12 tables restored into a scratch database"), out);
        assertTrue(out.contains("profile: netbox"), "deployment A's file is printed:\n" + out);
        assertTrue(out.strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("demo passed in "), out);
    }

    @Test
    void jsonResultSaysTheRestoredDeploymentMatchedAndKeepKeepsAnOpenableRepository(@TempDir Path temp)
            throws Exception {
        Path keep = temp.resolve("kept");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(new String[] {"demo", "--json", "--size", "1M", "--keep", keep.toString()}, stdout,
                new PrintWriter(err, true), Environment.empty());
        assertEquals(0, code, err.toString());
        JsonNode result = new ObjectMapper().readTree(stdout.toByteArray());
        assertTrue(result.path("passed").asBoolean(), result.toString());
        List<String> withKeep = new java.util.ArrayList<>(STEPS);
        withKeep.add(withKeep.size() - 1, "keep");
        assertEquals(withKeep, result.path("steps").findValuesAsText("step"));
        JsonNode compared = result.path("compared");
        assertEquals(0, compared.path("differences").size(), compared.toString());
        assertTrue(compared.path("tables").asInt() >= 10, compared.toString());
        assertTrue(compared.path("rows").asLong() > 1000, compared.toString());
        assertEquals(12, compared.path("redis_keys").asInt());
        assertEquals(7, compared.path("files").asInt());
        assertEquals(4, compared.path("objects").asInt());

        assertTrue(Files.isRegularFile(keep.resolve("netbox-a.yml")));
        assertTrue(Files.isRegularFile(keep.resolve("netbox-b/media/devicetype-images/juniper-mx204.front.png")));
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        code = SotBackup.run(new String[] {"snapshots", "--json", "-r", keep.resolve("repository").toString(),
                        "--password-file", keep.resolve("repository-password").toString()}, listing,
                new PrintWriter(err, true), Environment.empty());
        assertEquals(0, code, err.toString());
        JsonNode snapshots = new ObjectMapper().readTree(listing.toByteArray());
        assertEquals(1, snapshots.size());
        assertEquals(result.path("snapshot_id").asText(), snapshots.get(0).path("id").asText());
    }

    @Test
    void aNonEmptyKeepDirectoryIsRefusedBeforeAnythingStarts(@TempDir Path temp) throws Exception {
        Files.writeString(temp.resolve("something"), "x");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(new String[] {"demo", "--keep", temp.toString()}, stdout,
                new PrintWriter(err, true), Environment.empty());
        assertEquals(SotBackup.EXIT_FAILURE, code);
        assertTrue(err.toString().startsWith("sot-backup: error: demo failed at start: --keep "), err.toString());
        assertFalse(stdout.toString(StandardCharsets.UTF_8).contains("servers "), "no server was started");
        assertEquals(List.of(temp.resolve("something")), Files.list(temp).toList());
    }

    @Test
    void badSizeIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = SotBackup.run(new String[] {"demo", "--size", "lots"}, new ByteArrayOutputStream(),
                new PrintWriter(err, true), Environment.empty());
        assertEquals(SotBackup.EXIT_USAGE, code);
        assertTrue(err.toString().contains("--size"), err.toString());
    }
}
