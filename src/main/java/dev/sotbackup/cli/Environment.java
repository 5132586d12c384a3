package dev.sotbackup.cli;

import dev.sotbackup.repository.backend.BackendOptions;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a command line runs with besides its arguments. {@code main} uses {@link #system()}; tests build their
 * own, so that they can give a password or S3 credentials without touching the process environment.
 *
 * @param variables      environment variables ({@code SOT_BACKUP_REPO}, {@code SOT_BACKUP_PASSWORD}, …)
 * @param backendOptions how repository backends are reached (S3 credentials; the AWS default chain when unset)
 * @param initScrypt     key derivation cost of the key {@code init} writes
 * @param initChunker    chunk size bounds of a repository {@code init} creates
 */
public record Environment(Map<String, String> variables, BackendOptions backendOptions, ScryptParams initScrypt,
                          ChunkerParams initChunker) {

    public Environment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(backendOptions, "backendOptions");
        Objects.requireNonNull(initScrypt, "initScrypt");
        Objects.requireNonNull(initChunker, "initChunker");
    }

    /** The process environment and the production defaults. */
    public static Environment system() {
        return new Environment(System.getenv(), BackendOptions.defaults(), ScryptParams.DEFAULT,
                ChunkerParams.DEFAULT);
    }

    /** No variables at all, production defaults otherwise. */
    public static Environment empty() {
        return new Environment(Map.of(), BackendOptions.defaults(), ScryptParams.DEFAULT, ChunkerParams.DEFAULT);
    }

    /** The variable's value, or null when unset. */
    /** The user's home directory, where {@code ~/.pgpass} is read. */
    public Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    public String variable(String name) {
        return variables.get(name);
    }

    public Environment withVariable(String name, String value) {
        Map<String, String> copy = new HashMap<>(variables);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return new Environment(copy, backendOptions, initScrypt, initChunker);
    }

    public Environment withBackendOptions(BackendOptions options) {
        return new Environment(variables, options, initScrypt, initChunker);
    }

    public Environment withInitParameters(ScryptParams scrypt, ChunkerParams chunker) {
        return new Environment(variables, backendOptions, scrypt, chunker);
    }

    @Override
    public String toString() {
        // Never print the variables: they hold passwords.
        return "Environment[" + variables.size() + " variables, " + backendOptions + ", " + initScrypt + ", "
                + initChunker + "]";
    }
}
