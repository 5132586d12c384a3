package dev.sotbackup.postgres.archive;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the archive writers: how the custom and directory writers produce and compress data, and what the
 * plain writer's script does.
 *
 * @param jobs             worker threads producing data parts concurrently; 1 streams everything in order
 * @param compressionLevel -1 zlib default, 0 no compression, 1..9 zlib levels (pg_dump's -Z)
 * @param spillBudgetBytes custom format, jobs &gt; 1: bytes of finished parts that may wait on disk for their
 *                         turn; beyond it workers stop taking the biggest part first and take the next part in
 *                         archive order, so disk use stays near this budget plus one part per worker
 * @param spillDirectory   where spill files go when the target is a stream (null: java.io.tmpdir); for a file
 *                         target they always go beside the target
 * @param script           plain format: pg_restore's script options (-c, -C, -O, -x, ...)
 */
public record ArchiveWriterOptions(int jobs, int compressionLevel, long spillBudgetBytes, Path spillDirectory,
        PlainScriptOptions script) {

    public static final long DEFAULT_SPILL_BUDGET = 1L << 30;

    public ArchiveWriterOptions {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1: " + jobs);
        }
        if (compressionLevel < -1 || compressionLevel > 9) {
            throw new IllegalArgumentException("compression level must be -1..9: " + compressionLevel);
        }
        if (spillBudgetBytes < 0) {
            throw new IllegalArgumentException("negative spill budget");
        }
        Objects.requireNonNull(script, "script");
    }

    /** pg_dump's defaults: one job, zlib at its default level, a script that only creates. */
    public static ArchiveWriterOptions defaults() {
        return new ArchiveWriterOptions(1, -1, DEFAULT_SPILL_BUDGET, null, PlainScriptOptions.defaults());
    }

    public ArchiveWriterOptions withJobs(int newJobs) {
        return new ArchiveWriterOptions(newJobs, compressionLevel, spillBudgetBytes, spillDirectory, script);
    }

    public ArchiveWriterOptions withCompressionLevel(int level) {
        return new ArchiveWriterOptions(jobs, level, spillBudgetBytes, spillDirectory, script);
    }

    public ArchiveWriterOptions withSpillBudget(long bytes) {
        return new ArchiveWriterOptions(jobs, compressionLevel, bytes, spillDirectory, script);
    }

    public ArchiveWriterOptions withSpillDirectory(Path directory) {
        return new ArchiveWriterOptions(jobs, compressionLevel, spillBudgetBytes, directory, script);
    }

    public ArchiveWriterOptions withScript(PlainScriptOptions newScript) {
        return new ArchiveWriterOptions(jobs, compressionLevel, spillBudgetBytes, spillDirectory, newScript);
    }

    public boolean compressed() {
        return compressionLevel != 0;
    }
}
