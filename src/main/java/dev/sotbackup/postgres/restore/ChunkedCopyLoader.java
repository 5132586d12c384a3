package dev.sotbackup.postgres.restore;

import org.postgresql.copy.CopyIn;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads one table's COPY text over several connections at once: the calling thread reads row-aligned chunks
 * into a small bounded queue (memory stays at a few chunks per connection), and every connection runs its own
 * {@code COPY ... FROM STDIN}, taking chunks as it is ready for them. Connections join while the load runs,
 * whenever {@link HelperSessions} has one to spare, so one huge table uses every idle core. Each connection's
 * COPY commits on its own; the load as a whole is not atomic (neither is pg_restore's).
 */
final class ChunkedCopyLoader {

    private static final byte[] END = new byte[0];
    private static final long POLL_MILLIS = 100;

    private final String copySql;
    private final CopyChunkReader reader;
    private final HelperSessions helpers;
    private final int maxConnections;
    private final long joinAfterBytes;
    private final BlockingQueue<byte[]> queue;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final List<Thread> consumers = new ArrayList<>();

    /**
     * @param joinAfterBytes helpers join only once this much data has been read (0: from the start), so that
     *                       tables that turn out small never pay for extra connections
     */
    ChunkedCopyLoader(String copySql, CopyChunkReader reader, HelperSessions helpers, int maxConnections,
                      long joinAfterBytes) {
        this.copySql = copySql;
        this.reader = reader;
        this.helpers = helpers;
        this.maxConnections = Math.max(1, maxConnections);
        this.joinAfterBytes = joinAfterBytes;
        this.queue = new ArrayBlockingQueue<>(this.maxConnections + 1);
    }

    /** Loads everything; returns the bytes sent. Throws the first failure of any connection. */
    long load(RestoreSession primary) throws SQLException, IOException {
        startConsumer(primary, false);
        try {
            byte[] chunk;
            while (failure.get() == null && (chunk = reader.next()) != null) {
                maybeAddHelper();
                put(chunk);
            }
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            for (int i = 0; i < consumers.size(); i++) {
                put(END);
            }
            joinConsumers();
        }
        Exception failed = failure.get();
        if (failed instanceof SQLException sql) {
            throw sql;
        }
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        return reader.bytesReturned();
    }

    /** Connections used so far (for tests and progress). */
    int connectionsUsed() {
        return consumers.size();
    }

    private void maybeAddHelper() {
        if (consumers.size() >= maxConnections || reader.bytesReturned() < joinAfterBytes) {
            return;
        }
        RestoreSession helper = helpers.tryAcquire();
        if (helper != null) {
            startConsumer(helper, true);
        }
    }

    private void startConsumer(RestoreSession session, boolean helper) {
        Thread thread = Thread.ofPlatform().daemon().name("restore-copy-" + consumers.size())
                .start(() -> consume(session, helper));
        consumers.add(thread);
    }

    /** One connection's COPY: takes chunks until the end marker, or cancels as soon as any connection failed. */
    private void consume(RestoreSession session, boolean helper) {
        CopyIn copy = null;
        try {
            copy = session.copyManager().copyIn(copySql);
            while (true) {
                byte[] chunk = queue.take();
                if (chunk == END) {
                    break;
                }
                if (failure.get() != null) {
                    continue; // drain until END so the producer never blocks; the COPY is cancelled below
                }
                copy.writeToCopy(chunk, 0, chunk.length);
            }
            if (failure.get() == null) {
                copy.endCopy();
            }
        } catch (SQLException | RuntimeException e) {
            failure.compareAndSet(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new IOException("interrupted while loading"));
        } finally {
            cancelQuietly(copy);
            if (helper) {
                helpers.release(session);
            }
        }
    }

    private void put(byte[] chunk) {
        try {
            while (!queue.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (consumers.stream().noneMatch(Thread::isAlive)) {
                    return; // every connection has given up; nobody will take it
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new IOException("interrupted while loading"));
        }
    }

    private void joinConsumers() {
        for (Thread thread : consumers) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IOException("interrupted while loading"));
                return;
            }
        }
    }

    private static void cancelQuietly(CopyIn copy) {
        try {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // The failure already recorded says more.
        }
    }
}
