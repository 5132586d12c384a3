package dev.sotbackup.kubernetes;

import dev.sotbackup.postgres.connect.ConnInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How to log in to the deployment's database. {@link #toString()} never shows the password.
 *
 * @param user     role name
 * @param password its password (from {@code source})
 * @param database the application's database ({@code netbox}, {@code nautobot})
 * @param source   the secret the password was read from
 */
public record PgCredentials(String user, String password, String database, SecretRef source) {

    public PgCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The connection through a local end of a port-forward. PG* variables and ~/.pgpass are deliberately not read:
     * everything comes from the cluster. sslmode stays libpq's default "prefer", which PGO's TLS-only servers accept.
     */
    public ConnInfo conninfo(String host, int port) {
        return ConnInfo.parse(null, Map.of(), Path.of("/nonexistent"))
                .withHost(host).withPort(port).withUser(user).withDatabase(database).withPassword(password)
                .withApplicationName("sot-backup");
    }

    @Override
    public String toString() {
        return "PgCredentials[user=" + user + ", database=" + database + ", password from " + source + "]";
    }
}
