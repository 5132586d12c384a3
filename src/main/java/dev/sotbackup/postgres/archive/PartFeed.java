package dev.sotbackup.postgres.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers encoded tasks to the archive in order. {@link #sequential} encodes each task straight into the
 * archive; {@link #spilling} encodes them concurrently into spill files and copies each one in when its turn
 * comes.
 */
interface PartFeed extends AutoCloseable {

    /** Writes the next task's encoded bytes into {@code sink} and returns its digest. */
    PartDigest next(OutputStream sink) throws IOException;

    @Override
    void close();

    static PartFeed sequential(List<EncodeTask> tasks) {
        return new PartFeed() {
            private int next;

            @Override
            public PartDigest next(OutputStream sink) throws IOException {
                return tasks.get(next++).encodeTo(sink);
            }

            @Override
            public void close() {
            }
        };
    }

    static PartFeed spilling(List<EncodeTask> tasks, int jobs, long spillBudget, Path spillDirectory) {
        return new SpillingFeed(tasks, jobs, spillBudget, spillDirectory);
    }

    /** Parallel production into spill files, consumed in order. */
    final class SpillingFeed implements PartFeed {

        private record Spill(Path file, long size, PartDigest digest) {
        }

        private final PartScheduler<Spill> scheduler;
        private int next;

        SpillingFeed(List<EncodeTask> tasks, int jobs, long spillBudget, Path spillDirectory) {
            List<PartScheduler.Job<Spill>> work = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                EncodeTask task = tasks.get(i);
                Path file = spillDirectory.resolve("part-" + i);
                work.add(new PartScheduler.Job<>(task.sizeHint(), () -> produce(task, file)));
            }
            this.scheduler = new PartScheduler<>(work, jobs, spillBudget);
            scheduler.start();
        }

        private Spill produce(EncodeTask task, Path file) throws IOException {
            PartDigest digest;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024)) {
                digest = task.encodeTo(out);
            }
            long size = Files.size(file);
            scheduler.spilled(size);
            return new Spill(file, size, digest);
        }

        @Override
        public PartDigest next(OutputStream sink) throws IOException {
            Spill spill = scheduler.await(next++);
            Files.copy(spill.file(), sink);
            Files.delete(spill.file());
            scheduler.released(spill.size());
            return spill.digest();
        }

        @Override
        public void close() {
            scheduler.close();
        }
    }
}
