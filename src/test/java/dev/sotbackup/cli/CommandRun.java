package dev.sotbackup.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

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

    @Override
    public String toString() {
        return "exit " + code + "\n" + out + err;
    }
}
