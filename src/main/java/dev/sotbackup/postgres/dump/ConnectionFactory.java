package dev.sotbackup.postgres.dump;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens connections to the database being dumped; the dumper opens one per worker. */
@FunctionalInterface
public interface ConnectionFactory {
    Connection open() throws SQLException;
}
