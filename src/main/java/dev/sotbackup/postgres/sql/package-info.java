/**
 * SQL text helpers shared by the dumper, the script writer and the restore engine: identifier and literal quoting
 * by pg_dump's {@code fmtId} rules, and PostgreSQL client encoding names. Nothing here talks to a server.
 */
package dev.sotbackup.postgres.sql;
