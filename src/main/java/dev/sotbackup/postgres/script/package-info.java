/**
 * Running a pg_dump plain-text script over JDBC, as psql would: statements, {@code COPY ... FROM stdin} blocks and
 * the few psql meta-commands pg_dump writes, such as {@code \connect}. Used by {@code pg restore} for plain scripts
 * and by the tests to load fixtures; writing scripts is the archive package's job.
 */
package dev.sotbackup.postgres.script;
