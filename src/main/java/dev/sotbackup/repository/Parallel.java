package dev.sotbackup.repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one I/O task per item on a fixed number of threads; the first failure stops the rest. Every component
 * stores its streams this way (table parts, files, objects), so backups use {@code -j} threads alike.
 */
public final class Parallel {

    /** A task that may fail with an I/O error. */
    @FunctionalInterface
    public interface IoFunction<T, R> {
        R apply(T item) throws IOException;
    }

    private Parallel() {
    }

    /** The results in item order; a task returning null (an item skipped) leaves no entry. */
    public static <T, R> List<R> map(int jobs, String threadName, List<T> items, IoFunction<T, R> task) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> task.apply(item)));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                R result = await(future);
                if (result != null) {
                    results.add(result);
                }
            }
            return results;
        } finally {
            // After a failure the queued tasks are pointless; interrupting the running ones ends them sooner.
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
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
}
