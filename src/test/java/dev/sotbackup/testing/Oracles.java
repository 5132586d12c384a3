package dev.sotbackup.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stock PostgreSQL client tools (pg_dump, pg_restore, psql) used as oracles in tests. They are optional: a test
 * that needs one calls {@link #require} and is skipped, with the reason shown, where the tool is missing.
 */
public final class Oracles {

    /** What a tool run produced. */
    public record ToolResult(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)");
    private static final Map<String, Optional<Path>> FOUND = new ConcurrentHashMap<>();
    private static final Map<Path, Integer> VERSIONS = new ConcurrentHashMap<>();

    private Oracles() {
    }

    /**
     * Path of a stock client tool from PATH or /usr/lib/postgresql/&lt;N&gt;/bin, if installed; the newest one
     * when several are, since a newer pg_dump can dump every older server.
     */
    public static Optional<Path> find(String tool) {
        return FOUND.computeIfAbsent(tool, Oracles::locate);
    }

    private static Optional<Path> locate(String tool) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                if (!directory.isEmpty()) {
                    candidates.add(Path.of(directory, tool));
                }
            }
        }
        Path versioned = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versioned)) {
            try (Stream<Path> majors = Files.list(versioned)) {
                majors.forEach(major -> candidates.add(major.resolve("bin").resolve(tool)));
            } catch (IOException ignored) {
                // An unreadable directory just means no candidates from it.
            }
        }
        return candidates.stream()
                .filter(Files::isExecutable)
                .filter(candidate -> versionOrZero(candidate) > 0)
                .max(Comparator.comparingInt(Oracles::versionOrZero));
    }

    /** The tool's major version (e.g. 15), from {@code tool --version}. */
    public static int majorVersion(Path tool) {
        int version = versionOrZero(tool);
        if (version == 0) {
            throw new IllegalStateException("cannot read the version of " + tool);
        }
        return version;
    }

    private static int versionOrZero(Path tool) {
        return VERSIONS.computeIfAbsent(tool, t -> {
            try {
                ToolResult result = run(false, List.of(t.toString(), "--version"));
                Matcher matcher = VERSION.matcher(result.stdout());
                return result.exitCode() == 0 && matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
            } catch (RuntimeException e) {
                return 0;
            }
        });
    }

    /**
     * Skips the calling test (JUnit Assumptions, with a visible reason) when the tool is absent or, for pg_dump,
     * older than the server. Returns the path otherwise.
     */
    public static Path require(String tool, TestServer server) {
        Optional<Path> found = find(tool);
        Assumptions.assumeTrue(found.isPresent(),
                () -> "oracle " + tool + " is not installed (looked in PATH and /usr/lib/postgresql/*/bin)");
        Path path = found.get();
        if (tool.equals("pg_dump") || tool.equals("pg_dumpall")) {
            int toolMajor = majorVersion(path);
            Assumptions.assumeTrue(toolMajor >= server.majorVersion(),
                    () -> "oracle " + path + " is version " + toolMajor + ", older than " + server
                            + " (pg_dump refuses newer servers)");
        }
        return path;
    }

    /**
     * Runs a tool with args, env PGPASSWORD unset, returns exit code + stdout + stderr; fails the test with stderr
     * on a non-zero exit when check=true.
     */
    public static ToolResult run(boolean check, List<String> command) {
        return run(check, command, null);
    }

    /** As {@link #run(boolean, List)}, feeding {@code stdin} (a file) to the tool when not null. */
    public static ToolResult run(boolean check, List<String> command, Path stdin) {
        Path out = null;
        Path err = null;
        try {
            // Output goes through files: no pipe can fill up and block the tool while we read the other one.
            out = Files.createTempFile("oracle-out-", ".txt");
            err = Files.createTempFile("oracle-err-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                    : ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().remove("PGPASSWORD");
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 10 minutes");
            }
            ToolResult result = new ToolResult(process.exitValue(),
                    new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
            if (check && result.exitCode() != 0) {
                Assertions.fail(String.join(" ", command) + " exited with " + result.exitCode() + ":\n"
                        + result.stderr());
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover temp file is harmless.
            }
        }
    }
}
