package dev.sotbackup.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OraclesTest {

    @Test
    void missingToolIsAbsentNotAnError() {
        assertEquals(Optional.empty(), Oracles.find("pg_no_such_tool"));
    }

    @Test
    void runCapturesExitCodeAndBothStreams() {
        Oracles.ToolResult result = Oracles.run(false, List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(3, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
    }

    @Test
    void checkedRunFailsTheTestWithStderr() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> Oracles.run(true, List.of("sh", "-c", "echo broken >&2; exit 1")));
        assertTrue(failure.getMessage().contains("broken"), failure.getMessage());
    }

    @Test
    void pgPasswordIsNotPassedToTools() {
        Oracles.ToolResult result = Oracles.run(true, List.of("sh", "-c", "echo \"[${PGPASSWORD-unset}]\""));
        assertEquals("[unset]\n", result.stdout());
    }

    @Test
    void pgDumpVersionIsReadFromItsOutput() {
        Path pgDump = Oracles.require("pg_dump", PostgresServers.embedded(13));
        assertTrue(Oracles.majorVersion(pgDump) >= 13, "pg_dump must be at least as new as the server");
    }

    @Test
    void machineServerWhenPresentReportsItsRealVersion() {
        PostgresServers.machine().ifPresent(server -> {
            assertEquals(5432, server.port());
            assertTrue(server.majorVersion() >= 12, server.toString());
            String database = server.createDatabase("machine_probe");
            server.dropDatabase(database);
        });
    }
}
