package dev.sotbackup.postgres.toc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * One independently readable slice of an entry's data, or one large object's content. Concatenating an entry's
 * parts in order gives its whole stream (for TABLE DATA: COPY text, then the terminator {@code "\\.\n\n\n"}, each
 * part whole rows); a producer may cut a big table into several parts so that several connections produce and
 * consume it at once.
 *
 * <p>Every part is a pulled stream ({@link #open}); pushing it into a writer ({@link #writeTo}) is the same
 * stream's {@link InputStream#transferTo}, which a producer overrides where it can hand its own buffers over
 * without a copy (a live COPY hands over each row as pgjdbc received it).
 *
 * @param sizeHint rough uncompressed size, used to start big parts first; 0 when unknown
 * @param source   opens the part from its start; closing the stream early cancels whatever produces it
 */
public record DataPart(long sizeHint, Source source) {

    /** Opens a part's bytes. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /** A part that is these bytes. */
    public static DataPart of(byte[] bytes) {
        return new DataPart(bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    /** The part's bytes; the caller closes the stream. */
    public InputStream open() throws IOException {
        return source.open();
    }

    /** Streams the part into {@code out} (flushed by the caller, not closed); nothing is held in memory. */
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = open()) {
            in.transferTo(out);
        }
    }

    /**
     * The parts one after another as one stream. Each part is opened only when the one before it has ended and
     * been closed, so a reader holds at most one part (and whatever connection produces it) at a time.
     */
    public static InputStream concatenation(List<DataPart> parts) {
        return new ConcatenatedParts(parts);
    }
}
