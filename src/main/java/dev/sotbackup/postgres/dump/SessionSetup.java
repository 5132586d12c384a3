package dev.sotbackup.postgres.dump;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The session state pg_dump establishes on every connection (reference §11.1), so that COPY text and the
 * server's DDL functions come out exactly as pg_dump would get them.
 */
public final class SessionSetup {

    private SessionSetup() {
    }

    /** Pins the session; used by the dumper and by the verifier, whose COPY text must be the same bytes. */
    public static void apply(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            // Empty search_path makes format_type, pg_get_*def and regclass output schema-qualify everything.
            st.execute("SELECT pg_catalog.set_config('search_path', '', false)");
            st.execute("SET client_encoding = 'UTF8'");
            st.execute("SET DateStyle = ISO");
            st.execute("SET IntervalStyle = postgres");
            st.execute("SET extra_float_digits = 3");
            st.execute("SET synchronize_seqscans = off");
            st.execute("SET statement_timeout = 0");
            st.execute("SET lock_timeout = 0");
            st.execute("SET idle_in_transaction_session_timeout = 0");
            st.execute("SET row_security = off");
        }
        connection.commit();
    }
}
