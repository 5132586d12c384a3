package dev.sotbackup.testing;

import dev.sotbackup.postgres.script.SqlScriptRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** The shared NetBox demo dumps (and other script fixtures), loaded with our own {@link SqlScriptRunner}. */
public final class Fixtures {

    public static final String NETBOX_V37 = "netbox-demo-v3.7.sql";
    public static final String NETBOX_V42 = "netbox-demo-v4.2.sql";

    private Fixtures() {
    }

    /** A file of the fixtures directory (system property {@code sotbackup.fixtures}); fails if missing. */
    public static Path path(String name) {
        String configured = System.getProperty("sotbackup.fixtures");
        Path directory = configured != null ? Path.of(configured) : Path.of("src", "test", "fixtures");
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("fixture " + file.toAbsolutePath() + " not found");
        }
        return file;
    }

    /**
     * Loads a fixture script into an existing database as superuser, after creating role netbox (the NetBox
     * dumps' owner). The embedded servers are built with ICU, so the v4.2 dump's ICU collation loads too.
     */
    public static SqlScriptRunner.Summary load(TestServer server, String database, String fixtureName) {
        server.ensureRole("netbox");
        return loadScript(server, database, path(fixtureName));
    }

    /** Runs any script file into a database as superuser; {@code \connect} switches databases on that server. */
    public static SqlScriptRunner.Summary loadScript(TestServer server, String database, Path script) {
        try (Connection connection = server.connect(database)) {
            return new SqlScriptRunner(connection, server::connect).run(script);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database + " on " + server, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + script, e);
        }
    }

    /**
     * Path of a test resource script (e.g. "schemas/every-kind.sql") on the test classpath.
     */
    public static Path resource(String name) {
        java.net.URL url = Fixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " not found");
        }
        try {
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
