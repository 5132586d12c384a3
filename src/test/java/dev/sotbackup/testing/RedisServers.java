package dev.sotbackup.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Throw-away Redis servers for tests, on 127.0.0.1 and a free port, without persistence: the redis-server 7.0
 * binary bundled in org.signal:embedded-redis (linux x86_64), or the machine's /usr/bin/redis-server where
 * that binary does not fit. Never the machine's running instance on 6379.
 */
public final class RedisServers {

    private static final String BUNDLED = "/redis-server-7.0.15-linux-amd64";
    private static final Path MACHINE = Path.of("/usr/bin/redis-server");
    private static Path binary;

    private RedisServers() {
    }

    /** A running server; {@code extraArgs} are redis-server options such as "--requirepass", "secret". */
    public static Server start(String... extraArgs) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path dir = Files.createTempDirectory("redis-test-");
            List<String> command = new ArrayList<>(List.of(binary().toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--daemonize", "no", "--protected-mode", "no"));
            command.addAll(List.of(extraArgs));
            Path log = dir.resolve("redis.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (waitUntilListening(process, port)) {
                return new Server(port, process, dir);
            }
            process.destroyForcibly();
            last = new IOException("redis-server did not start on port " + port + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        throw last;
    }

    /** The binary in use; the bundled one if it runs here. */
    public static synchronized Path binary() throws IOException {
        if (binary != null) {
            return binary;
        }
        boolean linuxAmd64 = System.getProperty("os.name").toLowerCase().contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        try (InputStream in = RedisServers.class.getResourceAsStream(BUNDLED)) {
            if (linuxAmd64 && in != null) {
                Path file = Files.createTempFile("redis-server-", "");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
                file.toFile().deleteOnExit();
                binary = file;
                return binary;
            }
        }
        if (Files.isExecutable(MACHINE)) {
            binary = MACHINE;
            return binary;
        }
        throw new IOException("no redis-server for tests: neither embedded-redis' binary nor " + MACHINE);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean waitUntilListening(Process process, int port) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** A running test server; close stops it and removes its directory. */
    public record Server(int port, Process process, Path dir) implements AutoCloseable {
        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
