package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the directory and tar formats share: data file suffixes and the large-object TOC file (reference §7). */
final class DataFiles {

    /** Suffixes tried after the bare name, in pg_restore's order; the suffix, not the content, decides. */
    static final DataCompression[] SUFFIX_ORDER = {
        DataCompression.NONE, DataCompression.GZIP, DataCompression.LZ4, DataCompression.ZSTD};

    record BlobFile(long oid, String fileName) {
    }

    private DataFiles() {
    }

    /** Lines {@code "<oid> <file name>"}; blank lines are ignored as pg_restore's sscanf loop does. */
    static List<BlobFile> parseBlobsToc(InputStream in, String what) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        List<BlobFile> files = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.strip().split("\\s+");
            long oid;
            try {
                oid = fields.length == 2 ? Long.parseLong(fields[0]) : -1;
            } catch (NumberFormatException e) {
                oid = -1;
            }
            if (oid <= 0 || oid > 0xFFFF_FFFFL) {
                throw new ArchiveFormatException("invalid line in large object TOC file " + what + ": \""
                        + line.strip() + "\"");
            }
            files.add(new BlobFile(oid, fields[1]));
        }
        return files;
    }
}
