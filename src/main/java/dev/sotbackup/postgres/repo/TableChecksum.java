package dev.sotbackup.postgres.repo;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A table's row count and order-independent digest of its COPY text: each row's bytes (without the newline)
 * hashed with XXH64 under two seeds, each hash summed modulo 2^64 into its own lane. Sums do not depend on
 * row order, so a table dumped as several parts on several threads, or read back from a restored database in
 * another physical order, gives the same value; and they can be added ({@link #plus}) and taken away
 * ({@link #minus}) exactly. Two independent 64-bit lanes make an accidental match of different contents a
 * 2^-128 event rather than 2^-64. This detects changed, lost and added rows; it is not a defence against
 * someone crafting collisions (the repository's HMAC ids and AES-GCM tags protect the stored bytes).
 *
 * @param rows  number of rows (newlines of the COPY text)
 * @param lane1 sum of XXH64(row, {@link #SEED1})
 * @param lane2 sum of XXH64(row, {@link #SEED2})
 */
public record TableChecksum(long rows, long lane1, long lane2) {

    /** Names the algorithm in the string form, so that another digest could be introduced later. */
    public static final String PREFIX = "xxh64x2:";
    static final long SEED1 = 0;
    static final long SEED2 = 0x9E3779B97F4A7C15L;

    public static final TableChecksum EMPTY = new TableChecksum(0, 0, 0);

    /** pg_dump's end of every table's data stream, {@code "\\.\n\n\n"}: three "rows" that are not rows. */
    public static final TableChecksum COPY_TERMINATOR = of("\\.\n\n\n".getBytes(StandardCharsets.US_ASCII));

    /** The checksum of a whole COPY text held in memory (tests, constants). */
    public static TableChecksum of(byte[] copyText) {
        RowChecksum accumulator = new RowChecksum();
        accumulator.write(copyText, 0, copyText.length);
        return accumulator.result();
    }

    /** Reads the string form back; {@code rows} is stored beside it. */
    public static TableChecksum parse(long rows, String checksum) {
        if (checksum == null || !checksum.startsWith(PREFIX) || checksum.length() != PREFIX.length() + 32) {
            throw new IllegalArgumentException("not an " + PREFIX + " checksum: " + checksum);
        }
        String hex = checksum.substring(PREFIX.length());
        return new TableChecksum(rows, HexFormat.fromHexDigitsToLong(hex, 0, 16),
                HexFormat.fromHexDigitsToLong(hex, 16, 32));
    }

    /** The rows of both (parts of one table). */
    public TableChecksum plus(TableChecksum other) {
        return new TableChecksum(rows + other.rows, lane1 + other.lane1, lane2 + other.lane2);
    }

    /** These rows without the other's (which must be among them, as the terminator part is). */
    public TableChecksum minus(TableChecksum other) {
        return new TableChecksum(rows - other.rows, lane1 - other.lane1, lane2 - other.lane2);
    }

    /** The digest alone, e.g. {@code xxh64x2:} and 32 hex digits. */
    public String checksum() {
        return PREFIX + HexFormat.of().toHexDigits(lane1) + HexFormat.of().toHexDigits(lane2);
    }

    @Override
    public String toString() {
        return rows + " rows " + checksum();
    }
}
