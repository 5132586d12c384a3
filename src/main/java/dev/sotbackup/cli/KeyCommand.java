package dev.sotbackup.cli;

import dev.sotbackup.repository.KeyInfo;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.RepositoryException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sot-backup key list|add|remove}: the passwords that open the repository. */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = "Manage the repository's keys: each wraps the same master key under another password.",
        subcommands = {KeyCommand.ListKeys.class, KeyCommand.AddKey.class, KeyCommand.RemoveKey.class})
public final class KeyCommand {

    static final String NEW_PASSWORD_VARIABLE = "SOT_BACKUP_NEW_PASSWORD";

    /** {@code key list}: one line per key; {@code *} marks the one that opened the repository. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys.")
    static final class ListKeys extends RepositoryCommand {

        @Override
        public Integer call() throws Exception {
            List<KeyInfo> keys = repository.call(Repository::keys);
            PrintWriter out = out();
            String format = " %1s %-8s  %-12s  %-20s  %s%n";
            out.printf(format, "", "ID", "User", "Host", "Created");
            for (KeyInfo key : keys) {
                out.printf(format, key.current() ? "*" : "", key.id().substring(0, Math.min(8, key.id().length())),
                        key.username(), key.hostname(), SnapshotsCommand.LOCAL_TIME.format(key.created()));
            }
            return SotBackup.EXIT_OK;
        }
    }

    /** {@code key add}: a new password from {@code SOT_BACKUP_NEW_PASSWORD} or {@code --new-password-file}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a key for a new password, read from $" + NEW_PASSWORD_VARIABLE
                    + " or --new-password-file.")
    static final class AddKey extends RepositoryCommand {

        @Option(names = "--new-password-file", paramLabel = "FILE",
                description = "Read the new password from the first line of FILE.")
        Path newPasswordFile;

        @Override
        public Integer call() throws Exception {
            char[] newPassword = newPassword();
            try {
                String id = repository.call(repo -> repo.addKey(newPassword));
                out().println("saved new key " + id.substring(0, Math.min(8, id.length())));
            } finally {
                Arrays.fill(newPassword, '\0');
            }
            return SotBackup.EXIT_OK;
        }

        private char[] newPassword() throws Exception {
            if (newPasswordFile != null) {
                return RepositoryOptions.readFirstLine(newPasswordFile, "--new-password-file");
            }
            String fromEnvironment = repository.environment().variable(NEW_PASSWORD_VARIABLE);
            if (fromEnvironment == null) {
                throw usage("no new password: set " + NEW_PASSWORD_VARIABLE + " or give --new-password-file FILE");
            }
            if (fromEnvironment.isEmpty()) {
                throw new RepositoryException("empty password from " + NEW_PASSWORD_VARIABLE);
            }
            return fromEnvironment.toCharArray();
        }
    }

    /** {@code key remove ID}: never the key in use, never the last. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a key (not the one in use, not the last).")
    static final class RemoveKey extends RepositoryCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The key's id or a unique prefix of it.")
        String id;

        @Override
        public Integer call() throws Exception {
            repository.call(repo -> {
                repo.removeKey(id);
                return null;
            });
            out().println("removed key " + id);
            return SotBackup.EXIT_OK;
        }
    }
}
