package dev.sotbackup.kubernetes;

import dev.sotbackup.files.TarSource;
import dev.sotbackup.report.Reporter;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An uncompressed tar of directories in a pod, streamed out of {@code tar} run in the container through the exec
 * API ({@code pods/exec}), as {@code kubectl exec … tar cf -} would: nothing is installed in the pod or needed here.
 * Read it to the end (e.g. with {@code TarImport}), then call {@link #finish()} to learn whether tar succeeded.
 * A failed tar surfaces as a {@link KubernetesFailure} from {@code read} or {@code finish}, with tar's last words.
 *
 * <p>Directories that do not exist are left out (NetBox 4 has no reports/ unless someone made one); an empty
 * archive comes out if none does.
 */
public final class PodTarStream extends InputStream {

    /** Keep this much of tar's stderr for the failure message. */
    private static final int STDERR_KEPT = 4096;
    private static final long EXIT_WAIT_SECONDS = 30;

    private final ExecWatch exec;
    private final InputStream stdout;
    private final TailBuffer stderr;
    /** Drains tar's stderr to its end, so a warning is complete once this thread has finished. */
    private final Thread stderrReader;
    private final String description;

    private PodTarStream(ExecWatch exec, TailBuffer stderr, String description) {
        this.exec = exec;
        this.stdout = exec.getOutput();
        this.stderr = stderr;
        this.description = description;
        this.stderrReader = Thread.ofPlatform().daemon().name("pod-tar-stderr").start(() -> {
            try (InputStream error = exec.getError()) {
                error.transferTo(stderr);
            } catch (IOException e) {
                // The connection broke; the stdout side reports it.
            }
        });
    }

    /** Streams {@code files}' directories out of its first pod. */
    public static PodTarStream open(ClusterAccess cluster, FileSource files) {
        return open(cluster, files.pod(), files.container(), files.baseDirectory(), files.directories());
    }

    /** Streams {@code directories} (names under {@code baseDirectory}) out of {@code container} of {@code pod}. */
    public static PodTarStream open(ClusterAccess cluster, String pod, String container, String baseDirectory,
                                    List<String> directories) {
        TailBuffer stderr = new TailBuffer();
        String description = "tar of " + String.join(", ", directories) + " in " + baseDirectory + " of pod " + pod
                + " container " + container;
        try {
            ExecWatch exec = cluster.client().pods().inNamespace(cluster.namespace()).withName(pod)
                    .inContainer(container).redirectingOutput().redirectingError()
                    .exec(command(baseDirectory, directories));
            return new PodTarStream(exec, stderr, description);
        } catch (KubernetesClientException e) {
            throw cluster.failure(e, "create", "pods/exec for pod " + pod);
        }
    }

    /**
     * {@code directories} of a pod as a {@link TarSource} for {@code TarImport}: each read runs tar in the container
     * anew, checks its exit status after the archive, and passes its warnings on (e.g. "file changed as we read it"
     * on a live media directory: the archive is complete, so it is a warning, not a failure).
     */
    public static TarSource source(ClusterAccess cluster, String pod, String container, String baseDirectory,
                                   List<String> directories) {
        List<String> names = List.copyOf(directories);
        String base = baseDirectory.endsWith("/") && baseDirectory.length() > 1
                ? baseDirectory.substring(0, baseDirectory.length() - 1) : baseDirectory;
        String paths = String.join(", ", names.stream().map(d -> (base.equals("/") ? "" : base) + "/" + d).toList());
        return new TarSource() {
            @Override
            public String source() {
                return "pod " + cluster.namespace() + "/" + pod + " container " + container + ": " + paths;
            }

            @Override
            public <T> T read(Reader<T> reader, Reporter reporter) throws IOException {
                try (PodTarStream stream = open(cluster, pod, container, baseDirectory, names)) {
                    T result = reader.read(stream);
                    stream.finish();
                    if (!stream.stderr().isEmpty()) {
                        reporter.warning(paths + " in pod " + pod + ": " + stream.stderr());
                    }
                    return result;
                }
            }

            @Override
            public String toString() {
                return source();
            }
        };
    }

    /**
     * The command run in the container: a POSIX shell keeps only the directories that exist and runs tar on them
     * from {@code baseDirectory}; arguments are passed as positional parameters, never spliced into the script.
     * GNU tar's exit status 1 ("file changed as we read it", normal for a live media directory: the archive is
     * complete) becomes 0, because the exec API turns any other status into a broken output stream.
     */
    static String[] command(String baseDirectory, List<String> directories) {
        String script = "cd \"$1\" || exit 2; shift; "
                + "for d in \"$@\"; do shift; [ -e \"$d\" ] && set -- \"$@\" \"$d\"; done; "
                + "if [ $# -eq 0 ]; then exec tar cf - -T /dev/null; fi; "
                + "tar cf - \"$@\"; s=$?; [ $s -eq 1 ] && exit 0; exit $s";
        String[] command = new String[4 + directories.size() + 1];
        command[0] = "sh";
        command[1] = "-c";
        command[2] = script;
        command[3] = "sot-backup-tar";
        command[4] = baseDirectory;
        for (int i = 0; i < directories.size(); i++) {
            command[5 + i] = directories.get(i);
        }
        return command;
    }

    @Override
    public int read() {
        try {
            return stdout.read();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;   // fabric8's exec stream asserts a positive length
        }
        try {
            return stdout.read(buffer, offset, length);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Waits (briefly) for tar's stderr to end: the exit status can arrive before the last stderr frame has been
     * read, and a warning looked at too early would be lost.
     */
    private void awaitStderr() {
        try {
            stderrReader.join(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What tar wrote on stderr (warnings such as "file changed as we read it"), as one line; empty if nothing. */
    public String stderr() {
        return stderr.text();
    }

    /** The stream broke: because tar failed (its status and stderr say why), or the connection did. */
    private KubernetesFailure failure(IOException cause) {
        Integer code = null;
        try {
            code = exec.exitCode().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // No status: the connection itself broke.
        }
        awaitStderr();
        String said = stderr.text();
        if (code != null && code != 0) {
            return new KubernetesFailure(description + " failed (exit " + code + ")"
                    + (said.isEmpty() ? "" : ": " + said), cause);
        }
        Throwable reason = cause.getCause() != null ? cause.getCause() : cause;
        return new KubernetesFailure(description + ": " + ClusterAccess.oneLine(reason)
                + (said.isEmpty() ? "" : " (" + said + ")"), cause);
    }

    /**
     * Waits for tar's exit status once the stream was read; anything but success is a failure with tar's last words.
     *
     * @throws KubernetesFailure tar failed, or its status did not arrive
     */
    public void finish() {
        int code;
        try {
            // A tar reader stops at the end-of-archive blocks; the record padding after them is still in flight.
            stdout.transferTo(OutputStream.nullOutputStream());
            code = exec.exitCode().get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesFailure(description + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesFailure(description + ": no exit status from the pod ("
                    + ClusterAccess.oneLine(e.getCause() != null ? e.getCause() : e) + ")", e);
        }
        // The exit status can overtake tar's last stderr frame: both outcomes need all of it.
        awaitStderr();
        if (code != 0) {
            String said = stderr.text();
            throw new KubernetesFailure(description + " failed (exit " + code + ")"
                    + (said.isEmpty() ? "" : ": " + said));
        }
    }

    @Override
    public void close() {
        exec.close();
    }

    /** The last bytes written, as one line. */
    static final class TailBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            trim();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            trim();
        }

        private void trim() {
            if (bytes.size() > 2 * STDERR_KEPT) {
                byte[] all = bytes.toByteArray();
                bytes.reset();
                bytes.write(all, all.length - STDERR_KEPT, STDERR_KEPT);
            }
        }

        synchronized String text() {
            byte[] all = bytes.toByteArray();
            int from = Math.max(0, all.length - STDERR_KEPT);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip()
                    .replaceAll("\\s*\\R\\s*", " ");
        }
    }
}
