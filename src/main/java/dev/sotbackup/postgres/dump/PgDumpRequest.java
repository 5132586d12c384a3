package dev.sotbackup.postgres.dump;

import dev.sotbackup.postgres.archive.ArchiveFormat;
import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.connect.ConnInfo;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * One {@code pg dump} invocation.
 *
 * @param output           file or directory; null means standard output (custom and plain formats)
 * @param compressionLevel -1 for zlib's default, 0 for none, 1..9
 * @param clean            plain format: DROP before CREATE
 * @param create           plain format: CREATE DATABASE and \connect first
 * @param splitBytes       tables bigger than this are dumped as several ranges at once (with jobs > 1)
 * @param stdout           where the archive goes when {@code output} is null
 */
public record PgDumpRequest(ConnInfo connection, CatalogOptions catalog, ArchiveFormat format, Path output, int jobs,
                            int compressionLevel, boolean clean, boolean ifExists, boolean create,
                            long splitBytes, OutputStream stdout) {
}
