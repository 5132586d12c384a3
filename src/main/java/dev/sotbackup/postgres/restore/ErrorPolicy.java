package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * pg_restore's error handling: with exit-on-error the first failing entry ends the restore; without it each
 * failure is reported, counted, and the restore goes on. Shared by all workers of one restore.
 */
final class ErrorPolicy {

    private final boolean exitOnError;
    private final Reporter reporter;
    private final int archiveMajor;
    private final AtomicInteger ignored = new AtomicInteger();
    private volatile RestoreFailure first;
    private volatile int targetMajor;

    /** @param archiveMajor the major of the server the archive was dumped from, 0 when unknown */
    ErrorPolicy(boolean exitOnError, Reporter reporter, int archiveMajor) {
        this.exitOnError = exitOnError;
        this.reporter = reporter;
        this.archiveMajor = archiveMajor;
    }

    /** The target server's major, once a session has connected: failures then name both majors if they differ. */
    void targetMajor(int major) {
        targetMajor = major;
    }

    /** Records a failure; throws it when the restore must stop. */
    void failed(TocEntry entry, Throwable cause) {
        RestoreFailure failure = RestoreFailure.of(entry, cause, archiveMajor, targetMajor);
        if (exitOnError) {
            synchronized (this) {
                if (first == null) {
                    first = failure;
                }
            }
            throw failure;
        }
        ignored.incrementAndGet();
        reporter.report(Reporter.Level.ERROR, failure.getMessage());
    }

    /** True once a failure has stopped the restore: workers start nothing more. */
    boolean stopped() {
        return first != null;
    }

    RestoreFailure firstFailure() {
        return first;
    }

    int ignored() {
        return ignored.get();
    }
}
