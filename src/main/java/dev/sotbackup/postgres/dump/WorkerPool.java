package dev.sotbackup.postgres.dump;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Connections that all see the leader's exported snapshot. The leader itself is one of them, so {@code -j N}
 * opens N connections in all, as pg_dump does.
 */
final class WorkerPool implements AutoCloseable {

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();

    WorkerPool(Connection leader, String snapshotId, int jobs, ConnectionFactory factory) throws SQLException {
        idle = new ArrayBlockingQueue<>(jobs);
        all.add(leader);
        idle.add(leader);
        try {
            for (int i = 1; i < jobs; i++) {
                Connection worker = factory.open();
                all.add(worker);
                SessionSetup.apply(worker);
                try (Statement st = worker.createStatement()) {
                    st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                    st.execute("SET TRANSACTION SNAPSHOT '" + snapshotId.replace("'", "''") + "'");
                }
                idle.add(worker);
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    Connection borrow() {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a database connection", e);
        }
    }

    void release(Connection connection) {
        idle.add(connection);
    }

    @Override
    public void close() {
        // The leader (first) is closed by its owner; workers only read, so rolling back loses nothing.
        for (Connection c : all.subList(1, all.size())) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a connection that already failed
            }
        }
    }
}
