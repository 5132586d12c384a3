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

    /**
     * The dumped server's major version, e.g. 15 for "15.20 (Debian 15.20-0+deb12u1)" or 18 for "18.1"; 0 when
     * the header does not say.
     */
    public int serverMajor() {
        if (serverVersion == null) {
            return 0;
        }
        int end = 0;
        while (end < serverVersion.length() && end < 4 && Character.isDigit(serverVersion.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(serverVersion.substring(0, end));
    }
}
