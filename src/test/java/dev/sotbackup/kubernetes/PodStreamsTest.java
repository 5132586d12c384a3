package dev.sotbackup.kubernetes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.files.FilesComponent;
import dev.sotbackup.files.TarImport;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.ScryptParams;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.http.Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec and port-forward paths up to the API server: what sot-backup asks the server to run or forward, and
 * what it does with the streams that come back, against the mock's WebSocket emulation of the Kubernetes channel
 * protocol (channel 1 stdout, 2 stderr, 3 status for exec; data and error channels with the port as first frame
 * for port-forward). No real kubelet is involved: that part is not tested here.
 */
class PodStreamsTest {

    @TempDir
    Path work;

    private MockCluster cluster;
    private ClusterAccess access;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        cluster.netboxEnterprise(MockCluster.NBE_NAMESPACE);
        access = cluster.access(KubernetesSettings.defaults().overriddenBy(MockCluster.NBE_NAMESPACE, null, null, null, null, null));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Answers exec requests as a kubelet running the command would: stdout frames, stderr, then a status. */
    private void execAnswers(byte[] stdout, String stderr, int exitCode) {
        cluster.answerExec(stdout, stderr, exitCode);
    }

    /** A tar as GNU tar in the NetBox container makes it: media and scripts, no reports. */
    private byte[] netboxTar() throws Exception {
        Path base = Files.createDirectories(work.resolve("opt-netbox-netbox"));
        Files.createDirectories(base.resolve("media/devicetype-images"));
        Files.writeString(base.resolve("media/devicetype-images/front.png"), "not really a png");
        Files.createDirectories(base.resolve("scripts"));
        Files.writeString(base.resolve("scripts/sync.py"), "print('hi')\n".repeat(5000));
        Process tar = new ProcessBuilder("tar", "cf", "-", "media", "scripts").directory(base.toFile()).start();
        byte[] bytes = tar.getInputStream().readAllBytes();
        assertEquals(0, tar.waitFor());
        return bytes;
    }

    @Test
    void tarOfTheNetboxDirectoriesIsStoredAsAFilesComponent() throws Exception {
        byte[] tar = netboxTar();
        execAnswers(tar, "", 0);
        FileSource files = new Discovery(access).discover().files();

        Repository repository = Repository.init(new LocalBackend(work.resolve("repo")), "pw".toCharArray(),
                new ScryptParams(1024, 8, 1), new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024));
        Component component;
        try (repository) {
            try (BackupSession session = repository.startBackup("host", 1);
                 PodTarStream stream = PodTarStream.open(access, files)) {
                component = TarImport.backup(session, "netbox", stream, "pod " + files.pod(), Reporter.silent());
                stream.finish();
                session.commit(Snapshot.of(Instant.now(), "test", List.of(), List.of(component)));
            }
            Path restored = work.resolve("restored");
            FilesComponent.restore(repository, component, restored, false, Reporter.silent());
            assertEquals("not really a png", Files.readString(restored.resolve("media/devicetype-images/front.png")));
            assertEquals("print('hi')\n".repeat(5000), Files.readString(restored.resolve("scripts/sync.py")));
        }

        // The command sent: a shell that keeps the existing directories, run in the netbox container.
        String path = cluster.streamRequests().get(0);
        assertTrue(path.startsWith("/api/v1/namespaces/kotsadm/pods/" + MockCluster.NETBOX_POD + "/exec?"), path);
        List<String> command = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        for (String parameter : path.substring(path.indexOf('?') + 1).split("&")) {
            String decoded = URLDecoder.decode(parameter, StandardCharsets.UTF_8);
            if (decoded.startsWith("command=")) {
                command.add(decoded.substring("command=".length()));
            } else {
                parameters.add(decoded);
            }
        }
        assertTrue(parameters.contains("container=netbox"), parameters.toString());
        assertTrue(parameters.contains("stdout=true"), parameters.toString());
        assertTrue(parameters.contains("stderr=true"), parameters.toString());
        assertTrue(parameters.stream().noneMatch(p -> p.startsWith("stdin=true") || p.startsWith("tty=true")),
                parameters.toString());
        assertEquals(Arrays.asList(PodTarStream.command("/opt/netbox/netbox", List.of("media", "scripts",
                "reports"))), command);
    }

    @Test
    void theShellScriptSkipsMissingDirectoriesAndRunsTar() throws Exception {
        // The same command, run here by sh and GNU tar as the container would run it.
        Path base = Files.createDirectories(work.resolve("base/media/a"));
        Files.writeString(base.resolve("f.txt"), "x");
        String[] command = PodTarStream.command(work.resolve("base").toString(), List.of("media", "reports"));
        Process shell = new ProcessBuilder(command).start();
        byte[] out = shell.getInputStream().readAllBytes();
        assertEquals(0, shell.waitFor());
        Process list = new ProcessBuilder("tar", "tf", "-").start();
        try (OutputStream in = list.getOutputStream()) {
            in.write(out);
        }
        String names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(List.of("media/", "media/a/", "media/a/f.txt"), names.lines().toList());

        Process none = new ProcessBuilder(PodTarStream.command(work.resolve("base").toString(),
                List.of("reports"))).start();
        byte[] empty = none.getInputStream().readAllBytes();
        assertEquals(0, none.waitFor(), "no directory at all is an empty archive, not an error");
        assertTrue(empty.length > 0 && allZero(empty), "an empty tar is only end-of-archive blocks");
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aFailingTarIsOneLineWithItsStderr() {
        execAnswers(new byte[0], "tar: media: Cannot open: Permission denied\ntar: Exiting with failure status\n",
                2);
        PodTarStream stream = PodTarStream.open(access, MockCluster.NETBOX_POD, "netbox", "/opt/netbox/netbox",
                List.of("media"));
        try (stream) {
            KubernetesFailure failure = assertThrows(KubernetesFailure.class, () -> {
                stream.readAllBytes();
                stream.finish();
            });
            assertEquals("tar of media in /opt/netbox/netbox of pod " + MockCluster.NETBOX_POD + " container netbox "
                    + "failed (exit 2): tar: media: Cannot open: Permission denied tar: Exiting with failure status",
                    failure.getMessage());
        }
    }

    @Test
    void tarWarningsOnACompleteArchiveAreKeptForTheCaller() throws Exception {
        byte[] tar = netboxTar();
        execAnswers(tar, "tar: media/devicetype-images: file changed as we read it\n", 0);
        try (PodTarStream stream = PodTarStream.open(access, MockCluster.NETBOX_POD, "netbox", "/opt/netbox/netbox",
                List.of("media"))) {
            assertArrayEquals(tar, stream.readAllBytes());
            stream.finish();
            assertEquals("tar: media/devicetype-images: file changed as we read it", stream.stderr());
        }
    }

    @Test
    void tarsFileChangedStatusIsSuccessForTheScript() throws Exception {
        // GNU tar exits 1 when a file changed while read; the archive is complete, so the script exits 0 (the
        // exec API would otherwise break the output stream). Any other failure keeps its status.
        Path bin = Files.createDirectories(work.resolve("fake-bin"));
        Path fakeTar = bin.resolve("tar");
        Files.writeString(fakeTar, "#!/bin/sh\nprintf archive\necho 'tar: file changed as we read it' >&2\n"
                + "exit ${FAKE_TAR_STATUS}\n");
        fakeTar.toFile().setExecutable(true);
        Files.createDirectories(work.resolve("base/media"));
        for (int status : new int[] {1, 2}) {
            ProcessBuilder builder = new ProcessBuilder(PodTarStream.command(work.resolve("base").toString(),
                    List.of("media")));
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            builder.environment().put("FAKE_TAR_STATUS", String.valueOf(status));
            Process shell = builder.start();
            assertEquals("archive", new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(status == 1 ? 0 : 2, shell.waitFor());
        }
    }

    @Test
    void portForwardCarriesBytesBothWays() throws Exception {
        cluster.intercept(request -> {
            if (!request.getPath().contains("/portforward?")) {
                return null;
            }
            requests.add(request.getPath());
            return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                @Override
                public void onOpen(WebSocket socket, Response response) {
                    // The port, little-endian, opens the data channel (0) and the error channel (1).
                    socket.send(new byte[] {0, (byte) (5432 & 0xff), (byte) (5432 >> 8)});
                    socket.send(new byte[] {1, (byte) (5432 & 0xff), (byte) (5432 >> 8)});
                }

                @Override
                public void onMessage(WebSocket socket, byte[] bytes) {
                    if (bytes.length > 1 && bytes[0] == 0) {
                        byte[] reply = Arrays.copyOf(bytes, bytes.length);
                        socket.send(reply);   // an echo server behind the port
                    }
                }
            });
        });
        PostgresPrimary primary = new Discovery(access).primary();
        try (PortForward forward = PortForward.toPostgres(access, primary);
             Socket socket = new Socket(forward.host(), forward.port())) {
            assertEquals("127.0.0.1", forward.host());
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
            socket.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (got.size() < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                got.write(b);
            }
            assertArrayEquals("ping".getBytes(StandardCharsets.UTF_8), got.toByteArray(), forward.errors());
        }
        assertEquals("/api/v1/namespaces/kotsadm/pods/" + MockCluster.PRIMARY_POD + "/portforward?ports=5432",
                requests.get(0));
    }
}
