package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One in-process run of the command line: exit code, standard output and standard error. */
record CommandRun(int code, String out, String err) {

    /** Runs {@code args}; fails the test if a stack trace or any of {@code secrets} was printed. */
    static CommandRun of(Environment env, String[] args, String... secrets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = SotBackup.run(args, out, new PrintWriter(err, true), env);
        CommandRun run = new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
        assertFalse(run.err().contains("\tat "), "stack trace: " + run);
        for (String secret : secrets) {
            assertFalse(run.out().contains(secret) || run.err().contains(secret), "secret printed: " + run);
        }
        return run;
    }

    /**
     * An environment with a repository at {@code location} and its password, whose new repositories use cheap
     * scrypt and small chunks so tests stay fast.
     */
    static Environment repositoryEnvironment(Path location, String password) {
        return Environment.empty()
                .withVariable(RepositoryOptions.REPO_VARIABLE, location.toString())
                .withVariable(RepositoryOptions.PASSWORD_VARIABLE, password)
                .withInitParameters(new ScryptParams(1024, 8, 1), new ChunkerParams(4 * 1024, 16 * 1024, 64 * 1024));
    }

    @Override
    public String toString() {
        return "exit " + code + "\n" + out + err;
    }
}
