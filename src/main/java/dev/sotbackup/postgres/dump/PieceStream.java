package dev.sotbackup.postgres.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Byte arrays pulled from the server one at a time — COPY rows, large object slices — as a stream. Pushed into a
 * writer ({@link #transferTo}) each piece is one write of the array as it came, as pgjdbc's own
 * {@code copyOut(sql, out)} writes them.
 */
abstract class PieceStream extends InputStream {

    private byte[] piece;
    private int position;

    /** The next piece, or null at the end. */
    abstract byte[] nextPiece() throws IOException;

    /** The current piece, the next one once it is used up; false at the end. */
    private boolean hasPiece() throws IOException {
        while (piece == null || position == piece.length) {
            piece = nextPiece();
            position = 0;
            if (piece == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return hasPiece() ? piece[position++] & 0xFF : -1;
    }

    /** Fills {@code buffer} from as many pieces as it takes. */
    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = 0;
        while (n < length && hasPiece()) {
            int k = Math.min(length - n, piece.length - position);
            System.arraycopy(piece, position, buffer, offset + n, k);
            position += k;
            n += k;
        }
        return n == 0 && length > 0 ? -1 : n;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        long total = 0;
        while (hasPiece()) {
            out.write(piece, position, piece.length - position);
            total += piece.length - position;
            position = piece.length;
        }
        return total;
    }
}
