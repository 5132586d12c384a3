package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs data-part jobs on a fixed number of threads, biggest first (so one huge table does not finish last),
 * while a consumer takes results in archive order. Finished-but-unconsumed output is accounted as "spilled";
 * once it reaches the budget, workers take the earliest job in archive order instead, which is always the one
 * the consumer waits for next, so the consumer keeps making progress and disk use stays bounded.
 *
 * <p>The first failure aborts everything: jobs not yet started never start, and every result the consumer
 * has not received yet fails.
 */
final class PartScheduler<R> implements AutoCloseable {

    /** One unit of work; {@code sizeHint} orders the jobs, 0 when unknown. */
    record Job<R>(long sizeHint, Work<R> work) {
    }

    @FunctionalInterface
    interface Work<R> {
        R run() throws IOException;
    }

    private final List<Job<R>> jobs;
    private final List<CompletableFuture<R>> results = new ArrayList<>();
    private final boolean[] taken;
    private final long spillBudget;
    private final ExecutorService pool;
    private final int workers;
    private long spilled;
    private boolean aborted;
    private Throwable failure;

    PartScheduler(List<Job<R>> jobs, int threads, long spillBudget) {
        this.jobs = List.copyOf(jobs);
        this.taken = new boolean[jobs.size()];
        this.spillBudget = spillBudget;
        for (int i = 0; i < jobs.size(); i++) {
            results.add(new CompletableFuture<>());
        }
        this.workers = Math.max(1, Math.min(threads, jobs.size()));
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "archive-part-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the workers; separate from construction so that jobs may refer to this scheduler. */
    PartScheduler<R> start() {
        for (int i = 0; i < workers; i++) {
            pool.execute(this::workLoop);
        }
        pool.shutdown();
        return this;
    }

    /** The result of job {@code index}, waiting for it; the first failure of any job is rethrown. */
    R await(int index) throws IOException {
        try {
            return results.get(index).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(e);
            throw new InterruptedIOException("interrupted while waiting for archive data");
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = failureOr(e);
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    synchronized void spilled(long bytes) {
        spilled += bytes;
    }

    synchronized void released(long bytes) {
        spilled -= bytes;
    }

    private synchronized Throwable failureOr(Exception e) {
        if (failure != null) {
            return failure;
        }
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    private void workLoop() {
        while (true) {
            int index = next();
            if (index < 0) {
                return;
            }
            try {
                results.get(index).complete(jobs.get(index).work().run());
            } catch (Throwable t) {
                abort(t);
                results.get(index).completeExceptionally(t);
                return;
            }
        }
    }

    private synchronized int next() {
        if (aborted) {
            return -1;
        }
        int chosen = -1;
        boolean overBudget = spilled >= spillBudget;
        for (int i = 0; i < taken.length; i++) {
            if (taken[i]) {
                continue;
            }
            if (overBudget) {
                chosen = i;
                break;
            }
            if (chosen < 0 || jobs.get(i).sizeHint() > jobs.get(chosen).sizeHint()) {
                chosen = i;
            }
        }
        if (chosen >= 0) {
            taken[chosen] = true;
        }
        return chosen;
    }

    private void abort(Throwable cause) {
        synchronized (this) {
            if (failure == null) {
                failure = cause;
            }
            aborted = true;
            for (int i = 0; i < taken.length; i++) {
                taken[i] = true;
            }
        }
        for (CompletableFuture<R> result : results) {
            result.completeExceptionally(cause);
        }
    }

    /**
     * Stops handing out jobs and waits for running ones, so that nobody writes into files the caller is about
     * to delete. Running parts are interrupted; a part that ignores interrupts is waited for.
     */
    @Override
    public void close() {
        boolean unfinished = results.stream().anyMatch(r -> !r.isDone());
        if (unfinished) {
            abort(new CancellationException("archive writing was abandoned"));
        }
        pool.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
