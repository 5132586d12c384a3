package dev.sotbackup.demo;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away Redis server on 127.0.0.1 and a free port, without persistence: the redis-server 7.0 binary
 * bundled in org.signal:embedded-redis (linux x86_64), or the machine's /usr/bin/redis-server where that binary
 * does not fit. Never the machine's running instance. Closing it stops the process and removes its directory.
 */
public final class RedisServer implements AutoCloseable {

    private static final String BUNDLED = "/redis-server-7.0.15-linux-amd64";
    private static final Path MACHINE = Path.of("/usr/bin/redis-server");
    private static Path binary;

    private final int port;
    private final Process process;
    private final Path directory;

    private RedisServer(int port, Process process, Path directory) {
        this.port = port;
        this.process = process;
        this.directory = directory;
    }

    /**
     * Starts a server in a new directory under {@code parent} (the system's temporary directory when null);
     * {@code extraArgs} are redis-server options such as "--requirepass", "secret".
     */
    public static RedisServer start(Path parent, String... extraArgs) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path dir = parent == null ? Files.createTempDirectory("redis-")
                    : Files.createTempDirectory(parent, "redis-");
            List<String> command = new ArrayList<>(List.of(binary().toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--daemonize", "no", "--protected-mode", "no"));
            command.addAll(List.of(extraArgs));
            Path log = dir.resolve("redis.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (waitUntilListening(process, port)) {
                return new RedisServer(port, process, dir);
            }
            process.destroyForcibly();
            last = new IOException("redis-server did not start on port " + port + ": "
                    + Files.readString(log, StandardCharsets.UTF_8).strip());
            Cleanup.deleteTree(dir);
        }
        throw last;
    }

    /** The binary in use; the bundled one if it runs here (copied once per JVM to a temporary file). */
    public static synchronized Path binary() throws IOException {
        if (binary != null) {
            return binary;
        }
        boolean linuxAmd64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        try (InputStream in = RedisServer.class.getResourceAsStream(BUNDLED)) {
            if (linuxAmd64 && in != null) {
                Path file = Files.createTempFile("redis-server-", "");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
                binary = file;
                return binary;
            }
        }
        if (Files.isExecutable(MACHINE)) {
            binary = MACHINE;
            return binary;
        }
        throw new IOException("no redis-server: the bundled one is for linux x86_64 only and " + MACHINE
                + " is not installed");
    }

    /** A TCP port free on the loopback interface at the moment of asking. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean waitUntilListening(Process process, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
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

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Cleanup.deleteTree(directory);
    }

    @Override
    public String toString() {
        return "Redis at 127.0.0.1:" + port;
    }
}
