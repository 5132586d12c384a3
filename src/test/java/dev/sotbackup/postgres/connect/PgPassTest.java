package dev.sotbackup.postgres.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgPassTest {

    @TempDir
    Path home;

    private Path write(String content, String permissions) throws IOException {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void firstMatchingLineWinsAndWildcardsMatchAnything() throws IOException {
        PgPass pass = PgPass.read(write("""
                # comment
                db1:5432:netbox:alice:first
                *:*:netbox:alice:second
                *:*:*:*:fallback
                """, "rw-------"));
        assertEquals(Optional.of("first"), pass.lookup("db1", 5432, "netbox", "alice"));
        assertEquals(Optional.of("second"), pass.lookup("db2", 6000, "netbox", "alice"));
        assertEquals(Optional.of("fallback"), pass.lookup("db2", 6000, "other", "bob"));
    }

    @Test
    void escapedColonsAndBackslashesAreUnescaped() throws IOException {
        PgPass pass = PgPass.read(write("h\\:x:5432:d:u:pa\\:ss\\\\word\n", "rw-------"));
        assertEquals(Optional.of("pa:ss\\word"), pass.lookup("h:x", 5432, "d", "u"));
        assertEquals(Optional.empty(), pass.lookup("h", 5432, "d", "u"));
    }

    @Test
    void literalEscapedStarIsNotAWildcard() throws IOException {
        PgPass pass = PgPass.read(write("\\*:5432:d:u:pw\n", "rw-------"));
        assertEquals(Optional.empty(), pass.lookup("h", 5432, "d", "u"));
        assertEquals(Optional.of("pw"), pass.lookup("*", 5432, "d", "u"));
    }

    @Test
    void groupOrWorldReadableFileIsIgnoredLikeLibpqDoes() throws IOException {
        PgPass pass = PgPass.read(write("*:*:*:*:pw\n", "rw-r--r--"));
        assertEquals(Optional.empty(), pass.lookup("h", 5432, "d", "u"));
        assertNotNull(pass.ignoredReason());
        assertTrue(pass.ignoredReason().contains("group or world access"));
    }

    @Test
    void anOversizedFileIsIgnoredWithAReasonInsteadOfReadIntoMemory() throws IOException {
        // A first line that matches, then more than the bound: nothing of it is used.
        Path file = write("*:*:*:*:pw\n" + "#".repeat(4 << 20) + "\n", "rw-------");
        PgPass pass = PgPass.read(file);
        assertEquals(Optional.empty(), pass.lookup("h", 5432, "d", "u"));
        assertEquals("password file \"" + file + "\" is larger than 4 MiB; is it the right file?",
                pass.ignoredReason());
    }

    @Test
    void missingFileIsSilentlyEmpty() {
        PgPass pass = PgPass.read(home.resolve("absent"));
        assertEquals(Optional.empty(), pass.lookup("h", 5432, "d", "u"));
        assertNull(pass.ignoredReason());
    }

    @Test
    void connInfoConsultsPgpassInHomeAndPgpassfileWithCurrentUser() throws IOException {
        write("localhost:5432:netbox:alice:alicepw\nlocalhost:5432:netbox:bob:bobpw\n", "rw-------");
        ConnInfo info = ConnInfo.parse("netbox", Map.of("PGUSER", "alice"), home);
        assertEquals(Optional.of("alicepw"), info.password());
        assertEquals(Optional.of("bobpw"), info.withUser("bob").password(), "-U must look up its own line");

        Path other = home.resolve("other-pgpass");
        Files.writeString(other, "*:*:*:*:frompassfile\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        ConnInfo viaEnv = ConnInfo.parse("netbox", Map.of("PGPASSFILE", other.toString()), home);
        assertEquals(Optional.of("frompassfile"), viaEnv.password());
        ConnInfo explicit = ConnInfo.parse("netbox", Map.of("PGPASSFILE", other.toString(), "PGPASSWORD", "env"),
                home);
        assertEquals(Optional.of("env"), explicit.password());
    }
}
