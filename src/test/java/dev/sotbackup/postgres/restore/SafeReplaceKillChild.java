package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.archive.ArchiveReader;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.script.SqlScriptRunner;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.report.Reporter;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only program that {@link SafeReplaceKillTest} starts in its own JVM and SIGKILLs. It replaces a database
 * with the contents of a SQL script, printing {@code PHASE <name>} lines (flushed at once) as it goes:
 * {@code scratch-created <db>}, {@code loading}, {@code mid-load} (half the script read), {@code loaded},
 * {@code swapping}, {@code swapped} and {@code done}. At the phase named by the third argument it stops and waits
 * forever, so that the kill lands exactly there; at {@code <phase>+stdin} it waits for a line on its standard
 * input instead, so that the test can prepare the next kill.
 *
 * <p>Usage: {@code SafeReplaceKillChild <target conninfo> <script|archive> <pause phase|phase+stdin|none> [engine]};
 * with {@code engine} the input is an archive restored by {@link RestoreEngine}, else a SQL script.
 */
public final class SafeReplaceKillChild {

    /** Entries the engine processes before the child announces mid-load; the v4.2 fixture has well over 1000. */
    static final int ENGINE_MIDWAY = 400;

    private SafeReplaceKillChild() {
    }

    public static void main(String[] args) throws Exception {
        ConnInfo target = ConnInfo.parse(args[0]);
        Path script = Path.of(args[1]);
        String pauseAt = args[2];
        boolean engine = args.length > 3 && args[3].equals("engine");
        SafeReplace.replace(target, new ReplaceOptions(false, Clock.systemUTC()), scratch -> {
            phase("scratch-created " + scratch.dbname(), pauseAt);
            phase("loading", pauseAt);
            if (engine) {
                restoreArchive(scratch, script, pauseAt);
            } else {
                loadScript(scratch, script, pauseAt);
            }
            phase("loaded", pauseAt);
        }, Reporter.lines(message -> {
            System.out.println("PROGRESS " + message);
            if (message.startsWith("swapping")) {
                phase("swapping", pauseAt);
            } else if (message.startsWith("database ") && message.contains(" replaced")) {
                phase("swapped", pauseAt);
            }
        }));
        phase("done", pauseAt);
    }

    private static void loadScript(ConnInfo scratch, Path script, String pauseAt) throws Exception {
        long half = Files.size(script) / 2;
        try (Connection connection = Connector.open(scratch);
             InputStream in = new FilterInputStream(Files.newInputStream(script)) {
                 private long read;
                 private boolean announced;

                 @Override
                 public int read(byte[] buffer, int offset, int length) throws IOException {
                     int n = super.read(buffer, offset, length);
                     read += Math.max(n, 0);
                     if (!announced && read >= half) {
                         announced = true;
                         phase("mid-load", pauseAt);
                     }
                     return n;
                 }
             }) {
            new SqlScriptRunner(connection).run(in, script.getFileName().toString());
        }
    }

    /** The real restore engine on an archive; "mid-load" after it has processed {@link #ENGINE_MIDWAY} entries. */
    private static void restoreArchive(ConnInfo scratch, Path archive, String pauseAt) throws IOException {
        AtomicInteger processed = new AtomicInteger();
        try (ArchiveContents contents = ArchiveReader.open(archive)) {
            new RestoreEngine().restore(contents, scratch, RestoreOptions.builder().verbose(true).build(),
                    Reporter.lines(message -> {
                        if (message.startsWith("processing") && processed.incrementAndGet() == ENGINE_MIDWAY) {
                            phase("mid-load", pauseAt);
                        }
                    }));
        }
    }

    static void phase(String phase, String pauseAt) {
        System.out.println("PHASE " + phase);
        System.out.flush();
        String name = phase.split(" ")[0];
        try {
            if (name.equals(pauseAt)) {
                Thread.sleep(Long.MAX_VALUE); // the test kills us here
            } else if ((name + "+stdin").equals(pauseAt)) {
                // The test prepares something, then lets us go on by writing a line.
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
