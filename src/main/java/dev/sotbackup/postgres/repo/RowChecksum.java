package dev.sotbackup.postgres.repo;

import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Accumulates a {@link TableChecksum} over COPY text written in pieces of any size. In COPY text every raw
 * {@code '\n'} ends a row (newlines inside values are escaped as {@code \n}), so a row is the bytes between two
 * newlines. A row lying wholly inside one write is hashed where it lies; only a row cut by a write boundary is
 * gathered in a small buffer that grows to the longest such row (COPY delivers one row per write and backup
 * batches them in 256 KiB buffers, so that stays small). One instance per stream; not thread-safe.
 */
public final class RowChecksum extends OutputStream {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private long rows;
    private long lane1;
    private long lane2;
    /** The start of a row whose newline has not arrived yet. */
    private byte[] pending = new byte[256];
    private int pendingLength;

    @Override
    public void write(int b) {
        if (b == '\n') {
            endRow(pending, 0, pendingLength);
        } else {
            ensureRoom(1);
            pending[pendingLength++] = (byte) b;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int end = off + len;
        int rowStart = off;
        for (int nl; (nl = indexOfNewline(b, rowStart, end)) >= 0; rowStart = nl + 1) {
            if (pendingLength == 0) {
                addRow(b, rowStart, nl - rowStart);
            } else {
                append(b, rowStart, nl - rowStart);
                endRow(pending, 0, pendingLength);
            }
        }
        if (rowStart < end) {
            append(b, rowStart, end - rowStart);
        }
    }

    /**
     * The checksum of everything written so far. Bytes after the last newline (never produced by COPY) count
     * as one more row, so that no input is silently left out.
     */
    public TableChecksum result() {
        if (pendingLength > 0) {
            return new TableChecksum(rows + 1, lane1 + Xxh64.hash(pending, 0, pendingLength, TableChecksum.SEED1),
                    lane2 + Xxh64.hash(pending, 0, pendingLength, TableChecksum.SEED2));
        }
        return new TableChecksum(rows, lane1, lane2);
    }

    private void endRow(byte[] b, int off, int len) {
        addRow(b, off, len);
        pendingLength = 0;
    }

    private void addRow(byte[] b, int off, int len) {
        rows++;
        lane1 += Xxh64.hash(b, off, len, TableChecksum.SEED1);
        lane2 += Xxh64.hash(b, off, len, TableChecksum.SEED2);
    }

    private void append(byte[] b, int off, int len) {
        ensureRoom(len);
        System.arraycopy(b, off, pending, pendingLength, len);
        pendingLength += len;
    }

    /**
     * The first '\n' in b[from, to), or -1. Eight bytes at a time (a word has a zero byte where it had a
     * newline after the XOR; the lowest flagged byte is always a true one): a byte loop was slower than both
     * hashes together.
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ensureRoom(int len) {
        if (pendingLength + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + len));
        }
    }
}
