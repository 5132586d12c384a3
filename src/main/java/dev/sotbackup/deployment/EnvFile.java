package dev.sotbackup.deployment;

import dev.sotbackup.input.UserFileException;
import dev.sotbackup.input.UserFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The env files operators already keep beside their deployment (netbox-docker's {@code env/netbox.env},
 * {@code env/postgres.env}, {@code env/redis*.env}, a Nautobot {@code .env}): {@code KEY=VALUE} lines as
 * docker compose reads them — comments, blank lines, an optional {@code export}, single or double quotes.
 */
public final class EnvFile {

    private EnvFile() {
    }

    /** Reads the file, at most {@link UserFiles#CONFIG}; one line naming it when it cannot be used. */
    public static Map<String, String> read(Path file) throws DeploymentConfigException {
        try {
            return parse(UserFiles.readString(file, UserFiles.CONFIG, "env file"));
        } catch (UserFileException e) {
            throw new DeploymentConfigException(e.getMessage());
        }
    }

    static Map<String, String> parse(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    && value.charAt(value.length() - 1) == value.charAt(0)) {
                value = value.substring(1, value.length() - 1);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
            }
            variables.put(key, value);
        }
        return variables;
    }
}
