package dev.sotbackup.repository;

import dev.sotbackup.repository.backend.LocalBackend;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A backup in a child JVM, for {@link InterruptedBackupTest}: {@code BackupChild <repo dir> <seed> <MiB>}, the
 * password in the environment variable {@value #PASSWORD_ENV} (never in argv). Prints "progress <MiB>" after
 * each MiB and pauses briefly so that the parent can kill it mid-stream with packs uploaded.
 */
public final class BackupChild {
    static final String PASSWORD_ENV = "SOT_TEST_REPO_PASSWORD";

    private BackupChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        byte[] data = RepoFixtures.rows(Long.parseLong(args[1]), Integer.parseInt(args[2]) << 20);
        char[] password = System.getenv(PASSWORD_ENV).toCharArray();
        try (Repository repository = Repository.open(new LocalBackend(Path.of(args[0])), password)) {
            repository.setPackTargetSize(RepoFixtures.SMALL_PACKS);
            try (BackupSession session = repository.startBackup("child", 2);
                 StreamWriter writer = session.newStream()) {
                int mib = 1 << 20;
                for (int off = 0; off < data.length; off += mib) {
                    writer.write(data, off, Math.min(mib, data.length - off));
                    Thread.sleep(150);
                    out.println("progress " + (off / mib + 1));
                    out.flush();
                }
                writer.finish();
                out.println("done");
                out.flush();
            }
        }
    }
}
