package dev.sotbackup.cli;

import dev.sotbackup.postgres.connect.ConnInfo;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** libpq-style connection options shared by the pg commands. */
public final class ConnectionOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-d", "--dbname"}, paramLabel = "CONNINFO",
            description = "Database name, key=value conninfo or postgresql:// URI (PG* variables and ~/.pgpass apply).")
    String dbname;

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Database server host.")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Database server port.")
    String port;

    @Option(names = {"-U", "--username"}, paramLabel = "NAME", description = "Database user name.")
    String username;

    @Option(names = {"-w", "--no-password"},
            description = "Never prompt for a password (the default: sot-backup never prompts).")
    boolean noPassword;

    /** Resolves the options, with a positional database name as pg_dump accepts it. */
    ConnInfo resolve(String positionalDatabase) {
        String spec = dbname != null ? dbname : positionalDatabase;
        ConnInfo info = ConnInfo.parse(spec);
        if (host != null) {
            info = info.withHost(host);
        }
        if (port != null) {
            info = info.withPort((int) OptionChecks.inRange(mixee, "-p/--port", portNumber(), 1, 65535));
        }
        if (username != null) {
            info = info.withUser(username);
        }
        return info;
    }

    private long portNumber() {
        try {
            return Long.parseLong(port.strip());
        } catch (NumberFormatException e) {
            throw new ParameterException(mixee.commandLine(), "-p/--port must be a port number, got \"" + port
                    + "\"");
        }
    }
}
