package dev.sotbackup.files;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.BackupStatistics;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.Snapshot;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.crypto.ScryptParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Backup of a media-like tree (10,000 files, ~100 MB, most bytes incompressible like PNG noise) into a local
 * repository with the default chunker, against {@code tar -czf} of the same tree in the same run.
 * Run: {@code java -cp target/test-classes:target/classes:<deps> dev.sotbackup.files.FilesBench [workDir] [jobs]}.
 */
public final class FilesBench {
    private FilesBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of("/tmp"), "files-bench");
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        try {
            Path media = work.resolve("media");
            long bytes = MediaTree.create(media, 10_000, 1, 100, 900_000);
            System.out.printf("tree: 10000 files, %.1f MB, jobs %d%n", bytes / 1e6, jobs);

            long t0 = System.nanoTime();
            MediaTree.run(work, "tar", "-czf", work.resolve("media.tar.gz").toString(), "media/");
            long tarNanos = System.nanoTime() - t0;
            System.out.printf("tar -czf:        %6.2f s, %.1f MB%n", tarNanos / 1e9,
                    Files.size(work.resolve("media.tar.gz")) / 1e6);

            try (Repository repository = Repository.init(new LocalBackend(work.resolve("repo")),
                    "bench".toCharArray(), new ScryptParams(1024, 8, 1))) {
                long backupNanos = 0;
                Component stored = null;
                for (int run = 1; run <= 2; run++) {
                    long t1 = System.nanoTime();
                    BackupStatistics stats;
                    try (BackupSession session = repository.startBackup("bench", jobs)) {
                        Component component = FilesComponent.backup(session, "media", media, jobs, Reporter.silent());
                        session.commit(Snapshot.of(Instant.now(), "bench", List.of(), List.of(component)));
                        stats = session.statistics();
                        stored = component;
                    }
                    long nanos = System.nanoTime() - t1;
                    if (run == 1) {
                        backupNanos = nanos;
                    }
                    System.out.printf("backup (run %d):  %6.2f s, %.1f MB added%n", run, nanos / 1e9,
                            stats.bytesAdded() / 1e6);
                }
                System.out.printf("first backup / tar -czf = %.2f×%n", (double) backupNanos / tarNanos);

                long t2 = System.nanoTime();
                FilesComponent.restore(repository, stored, work.resolve("restored"), false, Reporter.silent());
                System.out.printf("restore:         %6.2f s%n", (System.nanoTime() - t2) / 1e9);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not clean " + work + ": " + e.getMessage());
            }
        }
    }
}
