package dev.sotbackup.cli;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.RepositoryException;
import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.backend.Backends;
import dev.sotbackup.input.UserFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the repository is and how to unlock it, shared by the repository commands. The password comes from
 * {@code SOT_BACKUP_PASSWORD} or the first line of {@code --password-file}, never from the command line, so
 * that it never shows in {@code ps}.
 */
public final class RepositoryOptions {

    static final String REPO_VARIABLE = "SOT_BACKUP_REPO";
    static final String PASSWORD_VARIABLE = "SOT_BACKUP_PASSWORD";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-r", "--repo"}, paramLabel = "REPOSITORY",
            description = "Repository: a directory, local:PATH or s3:http(s)://host:port/bucket/prefix "
                    + "(default: $SOT_BACKUP_REPO). S3 credentials come from AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY or the AWS profile.")
    String repo;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the repository password from the first line of FILE (default: $SOT_BACKUP_PASSWORD).")
    Path passwordFile;

    /** A repository opened with its backend; closing it closes both. */
    public record OpenRepository(Backend backend, Repository repository) implements AutoCloseable {
        @Override
        public void close() {
            try {
                repository.close();
            } finally {
                backend.close();
            }
        }
    }

    /**
     * Opens the existing repository; one-line failures for a missing repository and a wrong password. What the
     * repository notes on the way (a stale lock removed, a partial snapshot taken as latest) goes to standard
     * error as {@code sot-backup: note: …} lines.
     */
    OpenRepository open() throws IOException {
        PrintWriter err = mixee.commandLine().getErr();
        return connect((backend, password) -> {
            if (backend.list("keys/").isEmpty() && !backend.exists("config")) {
                throw new RepositoryException("no repository at " + backend.describe() + ": run sot-backup init");
            }
            return Repository.open(backend, password, new ConsoleReporter(err, Set.of(Reporter.Level.NOTE)));
        });
    }

    /** One call on the repository: opened, called, closed, whatever the call did. */
    interface RepositoryCall<T> {
        T apply(Repository repository) throws Exception;
    }

    /** Opens the repository ({@link #open()}), runs {@code call} on it and closes it again. */
    <T> T call(RepositoryCall<T> call) throws Exception {
        try (OpenRepository opened = open()) {
            return call.apply(opened.repository());
        }
    }

    /** Creates a repository at an empty location with the environment's key and chunker parameters. */
    OpenRepository init() throws IOException {
        Environment environment = environment();
        return connect((backend, password) -> Repository.init(backend, password, environment.initScrypt(),
                environment.initChunker()));
    }

    private interface Opener {
        Repository open(Backend backend, char[] password) throws IOException;
    }

    /** Resolves location and password, opens the backend and hands both over; closes what a failure leaves. */
    private OpenRepository connect(Opener opener) throws IOException {
        String location = location();
        char[] password = password();
        try {
            Backend backend = Backends.open(location, environment().backendOptions());
            try {
                return new OpenRepository(backend, opener.open(backend, password));
            } catch (IOException | RuntimeException e) {
                backend.close();
                throw e;
            }
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The repository password: {@code --password-file}, else {@code SOT_BACKUP_PASSWORD}. */
    char[] password() throws IOException {
        if (passwordFile != null) {
            return readFirstLine(passwordFile, "--password-file");
        }
        String fromEnvironment = environment().variable(PASSWORD_VARIABLE);
        if (fromEnvironment == null) {
            throw usage("no repository password: set " + PASSWORD_VARIABLE + " or give --password-file FILE");
        }
        return nonEmpty(fromEnvironment.toCharArray(), PASSWORD_VARIABLE);
    }

    /**
     * The first line of a password file, without its line end; an empty password is refused, and so is a file that
     * is not a regular file or pipe or is larger than {@link UserFiles#SECRET}.
     */
    static char[] readFirstLine(Path file, String option) throws IOException {
        String line = UserFiles.firstLine(file, UserFiles.SECRET, option);
        return nonEmpty(line.toCharArray(), option + " " + file);
    }

    private static char[] nonEmpty(char[] password, String source) throws RepositoryException {
        if (password.length == 0) {
            throw new RepositoryException("empty password from " + source);
        }
        return password;
    }

    Environment environment() {
        return ((SotBackup) mixee.root().userObject()).environment();
    }

    /** {@code -r}, else {@code SOT_BACKUP_REPO}. */
    private String location() {
        String location = repo != null ? repo : environment().variable(REPO_VARIABLE);
        if (location == null || location.isBlank()) {
            throw usage("no repository given: use -r/--repo or set " + REPO_VARIABLE);
        }
        return location;
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
