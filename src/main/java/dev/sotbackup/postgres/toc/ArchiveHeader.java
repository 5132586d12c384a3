package dev.sotbackup.postgres.toc;

import java.time.LocalDateTime;

/**
 * What an archive says about where it came from (reference §3). Version strings are informational only.
 *
 * @param createdAt     local time of the dumping machine, as pg_dump records it
 * @param databaseName  name of the dumped database
 * @param serverVersion the server's version string, e.g. "17.4"
 * @param dumperVersion the producing tool's version string
 */
public record ArchiveHeader(LocalDateTime createdAt, String databaseName, String serverVersion, String dumperVersion) {
}
